"""The JSON Schema agrees with the loader: every shipped session validates, every script in the
tables below is accepted (or refused) by both, and the schema itself is valid draft 2020-12."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.care.breathing import all_patterns
from generator.care.poses import all_poses
from generator.errors import InputError
from generator.mix.beds.catalog import check_bed
from generator.script import format as fmt
from generator.script import load
from generator.script.schema import json_schema
from generator.script.schema_defs import DURATION_PATTERN, GAP_PATTERN
from generator.script.text import parse_duration
from generator.script.yamlnodes import parse, plain

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = sorted((ROOT / "sessions").glob("*.yaml"))
HEAD = "holdspace: 1\ntitle: Evening\n"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


def script(segments: str = "  - speak: Hello there.\n", head: str = HEAD) -> str:
    return f"{head}segments:\n{segments}"


def loader_accepts(text: str) -> bool:
    try:
        session = load.load_text(text, "t.yaml", base_dir=Path("/tmp"))
        if session.ambient.file is None:  # a bed name is checked right after loading
            check_bed(session.ambient)
    except InputError:
        return False
    return True


def schema_accepts(validator: jsonschema.Draft202012Validator, text: str) -> bool:
    # the loader's view of the YAML (2024-01-31 stays text); yaml.safe_load for plain scripts
    return validator.is_valid(plain(parse(text, "t.yaml")))


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(json.dumps(schema)) == schema  # plain JSON, writable to a file
    assert json_schema() == schema  # deterministic


@pytest.mark.parametrize("path", SESSIONS, ids=[p.name for p in SESSIONS])
def test_every_shipped_session_validates(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    validator.validate(yaml.safe_load(text))
    assert schema_accepts(validator, text)


def test_there_are_sessions_to_check() -> None:
    assert SESSIONS


VALID = {
    "minimal": script(),
    "version-as-float": script(head="holdspace: 1.0\ntitle: Evening\n"),
    "number-title": script(head="holdspace: 1\ntitle: 2024\n"),
    "date-like-title": script(head="holdspace: 1\ntitle: 2024-01-31\n"),
    "all-top-keys": script(
        head=HEAD + "author: A. Teacher\nlanguage: es\nlength: 20m\n"
        "voice: {engine: espeak-ng, name: es, rate: 140, pitch: 40}\n"
        "ambient: {bed: ocean, level: -20, duck: 3, fade_in: 2s, fade_out: 10, seed: 5}\n"
        "pacing: {sentence_gap: 0.5, clause_gap: 0.25, lead_in: 1s, tail: 8}\n"
        "care: {check_in_every: 2m, max_silence: 45, check_ins: [Puedes salir cuando quieras.],"
        " opening: false, closing: Gracias por venir., resource: Habla con alguien de confianza.}\n",
        segments="  - speak: Hola. Bienvenida.\n",
    ),
    "ambient-file": script(head=HEAD + "ambient: {file: rain.mp3}\n"),
    "recorded-voice": script(
        head=HEAD + "voice: {engine: recorded, folder: my-voice, fallback: none, rate: 150}\n"
    ),
    "every-kind": script(
        "  - speak: 'Welcome. [pause 2s] [PAUSE 1m] Begin.'\n    allow: [command]\n"
        "  - pause: 1m30s\n    silent: true\n"
        "  - pose: Child's Pose\n    sides: none\n    hold: 90\n    cue: Rest.\n"
        "    exit: Come up.\n"
        "  - pose: figure-four\n    sides: both\n    switch: Other side.\n    allow: command\n"
        "  - breath: box breathing\n    rounds: 4\n    override: true\n"
        "  - breath: {inhale: 4, exhale: 6, hold_in: 1, hold_out: 2s, rounds: 6}\n"
        "  - breath: {pattern: 478, override: true}\n"
        "  - chapter: Closing\n"
        "  - bell:\n  - bell: 3\n  - bell: {strikes: 5}\n  - bell: {}\n"
    ),
    "durations-as-text": script("  - pause: ' 1 m 30 S '\n  - pause: '1h'\n  - pause: '+5'\n"),
    "numbers-as-text": script("  - speak: 42\n  - chapter: 7\n"),
    "care-booleans": script(head=HEAD + "care: {opening: true, closing: true}\n"),
    "care-notes": script(
        head=HEAD + "care: {chime_every: 1m, safety_notes: false, place: bed,"
        " cautions: [pregnancy, hip_replacement]}\n"
    ),
    "care-one-caution": script(head=HEAD + "care: {cautions: pregnancy, place: chair}\n"),
    "bells": script(head=HEAD + "bells: {start: true, end: false, sides: true, strikes: 2}\n"),
    "bells-empty": script(head=HEAD + "bells: {}\n"),
    "clause-gap-zero": script(head=HEAD + "pacing: {clause_gap: 0}\n"),
    "clause-gap-zero-float": script(head=HEAD + "pacing: {clause_gap: 0.0}\n"),
    "clause-gap-zero-text": script(head=HEAD + "pacing: {clause_gap: 0s}\n"),
    "clause-gap-text": script(head=HEAD + "pacing: {clause_gap: ' 0.4 s '}\n"),
    "clause-gap-most": script(head=HEAD + "pacing: {clause_gap: 5}\n"),
}


@pytest.mark.parametrize("text", list(VALID.values()), ids=list(VALID))
def test_valid_scripts_pass_both(validator: jsonschema.Draft202012Validator, text: str) -> None:
    assert loader_accepts(text), "the loader refuses it: fix the table"
    errors = [e.message for e in validator.iter_errors(plain(parse(text, "t.yaml")))]
    assert not errors


BROKEN = {
    "unknown-top-key": script(head=HEAD + "colour: blue\n"),
    "missing-version": "title: T\nsegments:\n  - speak: Hi.\n",
    "wrong-version": script(head="holdspace: 2\ntitle: T\n"),
    "version-true": script(head="holdspace: true\ntitle: T\n"),
    "missing-title": "holdspace: 1\nsegments:\n  - speak: Hi.\n",
    "blank-title": script(head="holdspace: 1\ntitle: '   '\n"),
    "title-too-long": script(head=f"holdspace: 1\ntitle: {'x' * 201}\n"),
    "title-a-list": script(head="holdspace: 1\ntitle: [a, b]\n"),
    "title-null": script(head="holdspace: 1\ntitle:\n"),
    "missing-segments": HEAD,
    "empty-segments": HEAD + "segments: []\n",
    "segments-a-mapping": HEAD + "segments: {speak: Hi.}\n",
    "bare-string-segment": script("  - Welcome.\n"),
    "two-kind-keys": script("  - speak: Hi.\n    pause: 10s\n"),
    "no-kind-key": script("  - cue: Rest.\n"),
    "unknown-segment-key": script("  - speak: Hi.\n    volume: 3\n"),
    "key-of-another-kind": script("  - pause: 10s\n    hold: 20s\n"),
    "bad-sides": script("  - pose: pigeon\n    sides: both-ways\n"),
    "negative-pause": script("  - pause: -5\n"),
    "zero-pause-text": script("  - pause: 0s\n"),
    "pause-not-a-duration": script("  - pause: ten seconds\n"),
    "pause-over-4h": script("  - pause: 14401\n"),
    "hold-over-4h": script("  - pose: pigeon\n    hold: 14401\n"),
    "boolean-duration": script("  - pause: yes\n"),
    "speak-empty": script("  - speak: ''\n"),
    "speak-stray-bracket": script("  - speak: 'Rest [here].'\n"),
    "speak-control-char": script('  - speak: "Rest\\u200b here."\n'),
    "speak-a-mapping": script("  - speak: {text: Hi.}\n"),
    "chapter-too-long": script(f"  - chapter: {'c' * 121}\n"),
    "bell-zero": script("  - bell: 0\n"),
    "bell-six": script("  - bell: {strikes: 6}\n"),
    "bell-text": script("  - bell: loud\n"),
    "bell-unknown-key": script("  - bell: {count: 2}\n"),
    "breath-number": script("  - breath: 478\n"),
    "breath-no-timing": script("  - breath: {rounds: 3}\n"),
    "breath-only-inhale": script("  - breath: {inhale: 4}\n"),
    "breath-rounds-twice": script("  - breath: {pattern: box, rounds: 3}\n    rounds: 4\n"),
    "breath-inhale-over-60": script("  - breath: {inhale: 61, exhale: 6}\n"),
    "breath-rounds-zero": script("  - breath: {pattern: box, rounds: 0}\n"),
    "breath-unknown-key": script("  - breath: {pattern: box, speed: 2}\n"),
    "engine-unknown": script(head=HEAD + "voice: {engine: siri}\n"),
    "rate-too-fast": script(head=HEAD + "voice: {rate: 400}\n"),
    "rate-not-whole": script(head=HEAD + "voice: {rate: 140.5}\n"),
    "voice-unknown-key": script(head=HEAD + "voice: {speed: 140}\n"),
    "fallback-unknown": script(head=HEAD + "voice: {engine: recorded, folder: v, fallback: x}\n"),
    "voice-null": script(head=HEAD + "voice:\n"),
    "bed-unknown": script(head=HEAD + "ambient: {bed: waterfall}\n"),
    "bed-and-file": script(head=HEAD + "ambient: {bed: rain, file: rain.mp3}\n"),
    "level-too-loud": script(head=HEAD + "ambient: {level: 0}\n"),
    "fade-over-2m": script(head=HEAD + "ambient: {fade_in: 121}\n"),
    "pacing-unknown-key": script(head=HEAD + "pacing: {gap: 1}\n"),
    "clause-gap-negative": script(head=HEAD + "pacing: {clause_gap: -0.3}\n"),
    "clause-gap-negative-text": script(head=HEAD + "pacing: {clause_gap: -1s}\n"),
    "clause-gap-over-5s": script(head=HEAD + "pacing: {clause_gap: 5.5}\n"),
    "clause-gap-words": script(head=HEAD + "pacing: {clause_gap: short}\n"),
    "clause-gap-empty-text": script(head=HEAD + "pacing: {clause_gap: ''}\n"),
    "clause-gap-bool": script(head=HEAD + "pacing: {clause_gap: false}\n"),
    "sentence-gap-zero": script(head=HEAD + "pacing: {sentence_gap: 0}\n"),
    "check-in-too-often": script(head=HEAD + "care: {check_in_every: 10}\n"),
    "check-ins-empty": script(head=HEAD + "care: {check_ins: []}\n"),
    "opening-a-number-list": script(head=HEAD + "care: {opening: [1, 2]}\n"),
    "care-unknown-key": script(head=HEAD + "care: {gentle: true}\n"),
    "chime-every-over-90s": script(head=HEAD + "care: {chime_every: 120}\n"),
    "caution-unknown": script(head=HEAD + "care: {cautions: [knees]}\n"),
    "cautions-empty": script(head=HEAD + "care: {cautions: []}\n"),
    "place-unknown": script(head=HEAD + "care: {place: sofa}\n"),
    "safety-notes-text": script(head=HEAD + "care: {safety_notes: sometimes}\n"),
    "length-under-a-minute": script(head=HEAD + "length: 30\n"),
    "language-not-a-code": script(head=HEAD + "language: English please\n"),
    "language-a-number": script(head=HEAD + "language: 12\n"),
    "bells-unknown-key": script(head=HEAD + "bells: {middle: true}\n"),
    "bells-start-text": script(head=HEAD + "bells: {start: yes please}\n"),
    "bells-strikes-ten": script(head=HEAD + "bells: {strikes: 10}\n"),
    "bells-a-list": script(head=HEAD + "bells: [start]\n"),
    "allow-blank": script("  - speak: Hi.\n    allow: ['']\n"),
    "allow-on-chapter": script("  - chapter: One\n    allow: [command]\n"),
}


@pytest.mark.parametrize("text", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_scripts_fail_both(validator: jsonschema.Draft202012Validator, text: str) -> None:
    assert not loader_accepts(text), "the loader accepts it: fix the table"
    assert not schema_accepts(validator, text)


def test_the_broken_table_is_big_enough() -> None:
    assert len(BROKEN) >= 20


def walk(node: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every schema that lists ``properties``, with where it is."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict) and node.get("type") == "object":
            found.append((path, node))
        for key, value in node.items():
            found += walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += walk(value, f"{path}/{i}")
    return found


def test_every_property_has_a_description() -> None:
    schema = json_schema()
    objects = walk(schema)
    assert len(objects) >= 10
    for path, obj in objects:
        assert obj["additionalProperties"] is False, path
        for name, prop in obj["properties"].items():
            target = prop
            if "$ref" in prop and "description" not in prop:
                target = schema["$defs"][prop["$ref"].split("/")[-1]]
            assert target.get("description"), f"{path}/properties/{name}"


def test_keys_follow_the_loader_tables() -> None:
    schema = json_schema()
    props = schema["properties"]
    assert tuple(props) == fmt.TOP_KEYS
    assert schema["required"] == ["holdspace", "title", "segments"]
    assert tuple(props["voice"]["properties"]) == fmt.VOICE_KEYS
    assert tuple(props["ambient"]["properties"]) == fmt.AMBIENT_KEYS
    assert tuple(props["pacing"]["properties"]) == fmt.PACING_KEYS
    assert tuple(props["care"]["properties"]) == fmt.CARE_KEYS
    assert tuple(props["bells"]["properties"]) == fmt.BELL_KEYS
    kinds = props["segments"]["items"]["oneOf"]
    assert [k["required"] for k in kinds] == [[kind] for kind in fmt.SEGMENT_KINDS]
    for kind in kinds:
        assert tuple(kind["properties"]) == fmt.SEGMENT_KEYS[kind["required"][0]]


def test_pose_and_pattern_names_are_suggested_but_any_name_passes(
    validator: jsonschema.Draft202012Validator,
) -> None:
    kinds = {k["required"][0]: k for k in json_schema()["properties"]["segments"]["items"]["oneOf"]}
    offered = kinds["pose"]["properties"]["pose"]["anyOf"][0]["enum"]
    assert {n for p in all_poses() for n in p.names} == set(offered)
    breath = kinds["breath"]["properties"]["breath"]["anyOf"][0]["anyOf"][0]["enum"]
    assert {n for p in all_patterns() for n in (p.id, *p.aliases)} == set(breath)
    # loosely written names are the loader's (and the planner's) business, not the schema's
    assert schema_accepts(validator, script("  - pose: CHILDS-pose\n  - breath: Box Breathing\n"))


@pytest.mark.parametrize(
    "value",
    [
        "90",
        "90s",
        "90S",
        "2m",
        "1m30s",
        "1h",
        "1h30m",
        "0.5",
        " 1 m 30 s ",
        "+5",
        "1h30",
        "0.5s",
        "2 min",
        "10 Minutes",
        "1 minute and 30 seconds",
        "1 minuto 30 segundos",
        "90 seg",
        "3 minutos y 20 segundos",
        "1 hora",
        "1 min, 30 s",
        "2 mins",
        "1:30",  # m:ss, as plan prints a hold
        "1:00:00",
        "1,5m",  # a decimal comma
    ],  # fmt: skip
)
def test_duration_pattern_accepts_what_the_loader_reads(value: str) -> None:
    import re

    assert parse_duration(value) > 0
    assert re.search(DURATION_PATTERN, value)


@pytest.mark.parametrize(
    "value",
    ["0", "0s", "0.0m", "-5", "5x", "h", "", "1.s", "ms", "1d", "2 minx", "min", "ten minutes",
     "1 minute and", "and 30 s", "2 my", "1m y", "0:00", "1:75", "1:5", "1:30:"],
)  # fmt: skip
def test_duration_pattern_refuses_what_the_loader_refuses(value: str) -> None:
    import re

    with pytest.raises(ValueError):
        parse_duration(value)
    assert not re.search(DURATION_PATTERN, value)


# What a schema cannot say exactly; the loader catches these with a FILE:LINE message. If the
# schema learns one, move it to BROKEN.
LEFT_TO_THE_LOADER = {
    "duration-text-over-its-bound": script("  - pause: 5h\n"),
    "clause-gap-text-over-its-bound": script(head=HEAD + "pacing: {clause_gap: 6s}\n"),
    "whole-float-for-an-integer": script(head=HEAD + "voice: {rate: 140.0}\n"),
    "pause-marker-over-10m": script("  - speak: 'Rest. [pause 11m]'\n"),
    "letters-the-voice-cannot-read": script("  - speak: Привет.\n"),
    "recorded-without-folder": script(head=HEAD + "voice: {engine: recorded}\n"),
    "folder-without-recorded": script(head=HEAD + "voice: {engine: piper, folder: v}\n"),
}


@pytest.mark.parametrize("text", list(LEFT_TO_THE_LOADER.values()), ids=list(LEFT_TO_THE_LOADER))
def test_known_gaps_are_left_to_the_loader(
    validator: jsonschema.Draft202012Validator, text: str
) -> None:
    assert not loader_accepts(text)
    assert schema_accepts(validator, text)


@pytest.mark.parametrize(
    ("value", "seconds"), [("0", 0.0), ("0s", 0.0), ("0.0m", 0.0), ("0.3", 0.3), ("1m", 60.0)]
)
def test_gap_pattern_accepts_zero_like_the_loader(value: str, seconds: float) -> None:
    """``pacing clause_gap`` allows 0 (no clause split): loader and schema agree on the text."""
    import re

    assert parse_duration(value, zero_ok=True) == seconds
    assert re.search(GAP_PATTERN, value)


@pytest.mark.parametrize("value", ["-5", "5x", "h", "", "1.s", "ms"])
def test_gap_pattern_refuses_what_the_loader_refuses(value: str) -> None:
    import re

    with pytest.raises(ValueError):
        parse_duration(value, zero_ok=True)
    assert not re.search(GAP_PATTERN, value)
