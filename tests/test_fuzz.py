"""Fuzzing the loader and the planner: whatever a script holds, loading and planning it either
succeed or raise InputError (one line, exit 2 at the CLI), never any other exception, and never
take long.

Two kinds of scripts: structurally valid ones built from the real schema (every segment kind,
random durations, text and options) and mutated ones (keys deleted or renamed, values swapped for
values of other types, random characters and bytes inserted into the YAML text).
"""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from generator.errors import InputError
from generator.plan.planner import plan_session
from generator.script.format import (
    AMBIENT_KEYS,
    BREATH_KEYS,
    CARE_KEYS,
    PACING_KEYS,
    SEGMENT_KEYS,
    TOP_KEYS,
    VOICE_KEYS,
)
from generator.script.load import load_text
from generator.script.yamlnodes import decode

DEADLINE_MS = 2000


def check(source: str) -> None:
    """The property: load + plan succeed or raise InputError; nothing else escapes."""
    try:
        session = load_text(source, "fuzz.yaml")
        plan = plan_session(session, measure=lambda t: len(t) * 100, sample_rate=44100)
    except InputError as exc:
        message = str(exc)
        if currently_in_test_context():
            event(_kind(exc.message))
        assert message.startswith("fuzz.yaml:"), message
        # the CLI prints it with newlines as spaces: it must then be exactly one line
        assert len(message.replace("\n", " ").splitlines()) == 1, message
        line = int(message.split(":")[1])
        assert 1 <= line <= source.count("\n") + 2, message
        return
    if currently_in_test_context():
        event("loaded and planned")
    assert plan.duration >= 0
    assert all(e.end >= e.start >= 0 for e in plan.events)


def _kind(message: str) -> str:
    """A short label for hypothesis statistics: what kind of mistake was reported."""
    return "InputError: " + " ".join(message.split(":")[0].split()[:3])


# -- values ----------------------------------------------------------------------------------------

# fmt: off
WORDS = (
    "breathe", "in", "slowly", "let", "your", "shoulders", "soften", "you", "can", "come", "out",
    "at", "any", "time", "notice", "the", "floor", "eyes", "open", "is", "fine", "rest", "here",
    "when", "are", "ready", "gently", "e.g.", "etc.", "Dr.", "café", "naïve", "10", "2m", "hips",
    "(softly)", "'quietly'", "“here”", "now…", "well,", "yes!", "no?",
)
# fmt: on


def mostly(valid: st.SearchStrategy, invalid: st.SearchStrategy) -> st.SearchStrategy:
    """``valid`` 24 times in 25: a script built from these usually loads, so the planner is
    exercised too, while every kind of wrong value still turns up often."""
    # not n == 0: hypothesis favours boundary values, and shrinks towards 0 (here: valid)
    return st.integers(0, 24).flatmap(lambda n: invalid if n == 5 else valid)


sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(
    lambda ws: " ".join(ws).capitalize() + st_end(ws)
)


def st_end(words: list[str]) -> str:
    return "" if words[-1][-1] in ".!?…" else "."


good_marker = st.sampled_from(["[pause 2s]", "[pause 0.5s]", "[ pause 1m ]", "[PAUSE 3]"])
bad_marker = st.sampled_from(["[pause 0s]", "[pause x]", "[pause 11m]", "[note]", "[", "]"])
good_speech = st.tuples(
    sentence, st.lists(st.one_of(sentence, sentence, good_marker), max_size=5)
).map(lambda t: " ".join(random.Random(len(t[1])).sample([t[0], *t[1]], len(t[1]) + 1)))
weird_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=40
)
bad_speech = st.one_of(
    weird_text,
    st.lists(st.one_of(sentence, bad_marker), min_size=1, max_size=4).map(" ".join),
    st.sampled_from(["", "   ", "...", "Smile 🙂.", "שלום.", "a\u200bb.", "x" * 2001]),
)
speech = mostly(good_speech, bad_speech)
title = mostly(sentence, st.one_of(weird_text, st.just("x" * 201)))

number = st.one_of(
    st.integers(min_value=-5, max_value=400),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), 2**64, 2**1023 * 3]),
)
good_duration = st.one_of(
    st.integers(1, 300),
    st.floats(0.1, 120),
    st.builds(lambda n: f"{n}s", st.integers(1, 300)),
    st.builds(lambda n: f"{n}m", st.integers(1, 5)),
    st.builds(lambda m, s: f"{m}m{s}s", st.integers(0, 4), st.integers(1, 90)),
    st.builds(lambda x: f"{x:.3f}s", st.floats(0.01, 100)),
)
bad_duration = st.one_of(
    number,
    st.builds(lambda h: f"{h}h", st.integers(0, 6)),
    st.sampled_from(["-5s", "0", "0s", "1e400", "nan", "inf", "", " ", "1h1h", "90 s", "forever"]),
)
duration = mostly(good_duration, bad_duration)
small_duration = mostly(st.one_of(st.integers(1, 12), st.floats(0.5, 10)), bad_duration)

# a value of "some other type": what a type swap puts where something else belongs
junk = st.one_of(
    st.none(),
    st.booleans(),
    number,
    weird_text,
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["a", "rate", "hold", "speak"]), st.integers(), max_size=2),
)


try:  # the real libraries, so that most generated poses and patterns exist
    from generator.care.breathing import all_patterns
    from generator.care.poses import all_poses

    POSES = {p.id: p.has_sides for p in all_poses()}
    POSES.update({alias: p.has_sides for p in all_poses() for alias in p.aliases[:1]})
    PATTERNS = [p.id for p in all_patterns()]
except ImportError:  # pragma: no cover - the care library is optional to this test
    POSES = {"pigeon": True, "butterfly": False, "reclined_figure_four": True}
    PATTERNS = ["extended_exhale", "box", "coherent"]


def maybe(d: dict, key: str, strategy: st.SearchStrategy, draw) -> None:
    if draw(st.booleans()):
        d[key] = draw(strategy)


def pick(valid: list, invalid: list) -> st.SearchStrategy:
    return mostly(st.sampled_from(valid), st.sampled_from(invalid))


# -- the schema ------------------------------------------------------------------------------------


@st.composite
def segment(draw) -> dict:
    kind = draw(st.sampled_from(["speak", "speak", "pause", "pose", "breath", "chapter", "bell"]))
    if kind == "speak":
        item = {"speak": draw(speech)}
        maybe(
            item,
            "allow",
            st.lists(pick(["command", "healing-claim", "promise"], ["", 5]), max_size=2),
            draw,
        )
    elif kind == "pause":
        item = {"pause": draw(duration)}
        maybe(item, "silent", pick([True, False], ["maybe", None]), draw)
    elif kind == "pose":
        name = draw(pick(sorted(POSES), ["", None, "pigeonn", "headstand"]))
        item = {"pose": name}
        maybe(item, "cue", speech, draw)
        sides = ["none", "left", "right", "both"] if POSES.get(name) else ["none"]
        maybe(item, "sides", pick(sides, ["bth", 2, None, "both"]), draw)
        maybe(item, "hold", duration, draw)
        maybe(item, "switch", speech, draw)
        maybe(item, "exit", speech, draw)
    elif kind == "breath":
        if draw(st.booleans()):
            item = {"breath": draw(pick(PATTERNS, ["", "  ", "boxx"]))}
        else:
            inner: dict = {"inhale": draw(small_duration), "exhale": draw(small_duration)}
            for key in ("hold_in", "hold_out"):
                maybe(inner, key, small_duration, draw)
            if draw(st.integers(0, 9)) == 5:
                del inner[draw(st.sampled_from(["inhale", "exhale"]))]
            item = {"breath": inner}
            maybe(inner, "override", pick([True, False], ["yes please"]), draw)
        rounds = draw(mostly(st.integers(1, 12), st.integers(-1, 300)))
        if draw(st.booleans()):
            item["rounds"] = rounds
        elif isinstance(item["breath"], dict) and draw(st.booleans()):
            item["breath"]["rounds"] = rounds
    elif kind == "chapter":
        item = {"chapter": draw(mostly(sentence, st.one_of(weird_text, st.just("c" * 121))))}
    else:
        item = {"bell": draw(pick([None, 1, 3, 5, {"strikes": 2}], [0, 6, 1.5, {"strikes": 9}]))}
    return item


@st.composite
def script(draw) -> dict:
    doc: dict = {"holdspace": 1, "title": draw(title)}
    maybe(doc, "author", title, draw)
    maybe(doc, "language", pick(["en", "es", "en-GB"], ["he", "xx-yy-zz-ww", "e n", ""]), draw)
    if draw(st.booleans()):
        voice: dict = {}
        maybe(voice, "engine", pick(["auto", "pyttsx3", "espeak-ng", "piper"], ["x"]), draw)
        maybe(voice, "name", pick(["en-us", "es"], ["", None]), draw)
        maybe(voice, "rate", mostly(st.integers(60, 300), st.integers(-10, 1000)), draw)
        maybe(voice, "pitch", mostly(st.integers(0, 99), st.integers(-10, 200)), draw)
        doc["voice"] = voice
    if draw(st.booleans()):
        ambient: dict = {}
        maybe(ambient, "bed", pick(["pink-noise", "rain", "ocean"], ["", None]), draw)
        maybe(ambient, "level", mostly(st.floats(-60, -6), st.floats(-100, 10)), draw)
        maybe(ambient, "duck", mostly(st.floats(0, 24), st.floats(-5, 40)), draw)
        maybe(ambient, "fade_in", small_duration, draw)
        maybe(ambient, "fade_out", small_duration, draw)
        maybe(ambient, "seed", mostly(st.integers(0, 2**32 - 1), st.integers(-5, 2**40)), draw)
        doc["ambient"] = ambient
    if draw(st.booleans()):
        pacing: dict = {}
        for key in PACING_KEYS:
            maybe(pacing, key, small_duration, draw)
        doc["pacing"] = pacing
    if draw(st.booleans()):
        care: dict = {}
        maybe(care, "check_in_every", mostly(st.integers(30, 180), bad_duration), draw)
        maybe(care, "max_silence", mostly(st.integers(30, 600), bad_duration), draw)
        maybe(care, "opening", st.one_of(st.booleans(), speech), draw)
        maybe(care, "closing", st.one_of(st.booleans(), speech), draw)
        maybe(care, "resource", speech, draw)
        doc["care"] = care
    maybe(doc, "length", mostly(st.integers(60, 3600), bad_duration), draw)
    doc["segments"] = draw(st.lists(segment(), min_size=1, max_size=12))
    return doc


def dump(doc: object) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**6)


# -- mutations -------------------------------------------------------------------------------------

KNOWN_KEYS = sorted(
    {*TOP_KEYS, *VOICE_KEYS, *AMBIENT_KEYS, *PACING_KEYS, *CARE_KEYS, *BREATH_KEYS}
    | {k for keys in SEGMENT_KEYS.values() for k in keys}
)


def _containers(node: object, out: list) -> list:
    if isinstance(node, dict):
        out.append(node)
        for v in node.values():
            _containers(v, out)
    elif isinstance(node, list):
        out.append(node)
        for v in node:
            _containers(v, out)
    return out


@st.composite
def mutated_doc(draw) -> dict:
    """A valid script with a few structural mutations: deletions, renames, type swaps."""
    doc = draw(script())
    for _ in range(draw(st.integers(1, 4))):
        places = _containers(doc, [])
        place = draw(st.sampled_from(places))
        if not place:
            continue
        if isinstance(place, dict):
            key = draw(st.sampled_from(sorted(place, key=str)))
            action = draw(st.sampled_from(["delete", "rename", "swap", "wrap"]))
            if action == "delete":
                del place[key]
            elif action == "rename":
                new = draw(st.one_of(st.sampled_from(KNOWN_KEYS), weird_text, st.integers()))
                place[new] = place.pop(key)
            elif action == "swap":
                place[key] = draw(junk)
            else:
                place[key] = [place[key]]
        else:
            index = draw(st.integers(0, len(place) - 1))
            action = draw(st.sampled_from(["delete", "swap", "duplicate"]))
            if action == "delete":
                del place[index]
            elif action == "swap":
                place[index] = draw(junk)
            else:
                place.insert(index, place[index])
    return doc


YAML_NOISE = list(":-[]{},&*!|>'\"#%@`?\t\n ") + ["\x00", "\x07", "\ufeff", "\u2028", "\x85"]
# scalars YAML reads as something other than text, or refuses: put after a key in place of its value
SPECIAL_VALUES = [
    "2001-13-45", "2024-01-31", "2001-12-14t21:59:43.10-05:00", "1:30", "0x1F", "0o17", "1_000",
    ".nan", "-.inf", "1.0e+400", "1e400", "~", "null", "yes", "off", "=", "<<", "? x", "|", ">-",
    "!!binary aGVsbG8=", "!!python/object/apply:os.system ['true']", "!!set {a}", "!x y",
    "&a 1", "*a", "9" * 400, "9" * 5000, "-" + "9" * 400, "'" + "x" * 3000 + "'", "[[[[[[[[[[",
    "{a: {b: {c: {d: {e: 1}}}}}", "\"\\ud800\"", "\"\\x85\"", "\"\\u2028\"", "'\t'",
]  # fmt: skip


@st.composite
def mutated_text(draw) -> str:
    """Valid YAML text with random characters inserted, deleted or lines shuffled."""
    text = dump(draw(script()))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 5))):
        action = draw(st.sampled_from(["insert", "insert", "delete", "line", "indent", "value"]))
        pos = rnd.randrange(len(text) + 1)
        if action == "insert":
            noise = draw(
                st.one_of(
                    st.sampled_from(YAML_NOISE),
                    st.text(alphabet=st.sampled_from(YAML_NOISE), min_size=1, max_size=4),
                    st.text(max_size=4),
                )
            )
            text = text[:pos] + noise + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + rnd.randrange(1, 8) :]
        elif action == "line":
            lines = text.split("\n")
            i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif action == "indent":
            lines = text.split("\n")
            i = rnd.randrange(len(lines))
            lines[i] = " " * rnd.randrange(1, 4) + lines[i]
            text = "\n".join(lines)
        else:
            lines = text.split("\n")
            keyed = [i for i, ln in enumerate(lines) if ": " in ln]
            if keyed:
                i = rnd.choice(keyed)
                key = lines[i].split(": ", 1)[0]
                lines[i] = f"{key}: {draw(st.sampled_from(SPECIAL_VALUES))}"
                text = "\n".join(lines)
    return text


@st.composite
def mutated_bytes(draw) -> bytes:
    """The script's bytes with random bytes inserted: decoding must fail cleanly too."""
    raw = bytearray(dump(draw(script())).encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(raw)))
        raw[pos:pos] = draw(st.binary(min_size=1, max_size=4))
    return bytes(raw)


def check_bytes(raw: bytes) -> None:
    try:
        text = decode(raw, "fuzz.yaml")
    except InputError as exc:
        assert str(exc).startswith("fuzz.yaml:")
        return
    check(text)


any_script = st.one_of(
    script().map(dump),
    script().map(dump),
    mutated_doc().map(dump),
    mutated_doc().map(dump),
    mutated_text(),
    mutated_text(),
    mutated_bytes(),
)


def run(source: str | bytes) -> None:
    if isinstance(source, bytes):
        check_bytes(source)
    else:
        check(source)


# Scripts are built from lists of segments with nested mappings and text: hypothesis's generated
# data is large by design here, so its "too much data" and "slow generation" checks do not apply.
SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=200, deadline=DEADLINE_MS, suppress_health_check=SUPPRESS)
@given(any_script)
def test_fuzz_load_and_plan(source: str | bytes) -> None:
    run(source)


@settings(max_examples=100, deadline=DEADLINE_MS, suppress_health_check=SUPPRESS)
@given(script().map(dump))
def test_generated_scripts(source: str) -> None:
    """Scripts straight from the schema strategies, no mutations: most load and are planned."""
    run(source)


@pytest.mark.slow
@settings(max_examples=3000, deadline=DEADLINE_MS, suppress_health_check=SUPPRESS)
@given(any_script)
def test_fuzz_load_and_plan_long(source: str | bytes) -> None:
    run(source)


def test_fuzz_found_cases() -> None:
    """Crashes the fuzzer found, kept as fixed examples (each also in the bad-input table)."""
    head = "holdspace: 1\ntitle: T\nsegments:\n"
    for body in (
        f"  - pause: {'9' * 400}\n",  # OverflowError: int too large to convert to float
        f"  - pause: {'9' * 5000}\n",  # ValueError: int string conversion limit
        "  - speak: a\x07b\n",  # yaml ReaderError raised outside the try
        "  - {}\n",
        "  - breath: ''\n",
    ):
        check(head + body)
    check("holdspace: 1\ntitle: 2001-13-45\nsegments: [{speak: Hi.}]\n")  # ValueError: month
    check("holdspace: 1\ntitle: T\nambient: {file: ~nobody-xyz/a.wav}\nsegments: [{speak: Hi.}]\n")
    check(f"holdspace: 1\ntitle: T\nvoice: {{rate: {'9' * 400}}}\nsegments: [{{speak: Hi.}}]\n")
