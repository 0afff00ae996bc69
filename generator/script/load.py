"""YAML script → validated ``Session``. Every problem is an InputError at the offending line."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.script import text as textrules
from generator.errors import InputError
from generator.script.model import (
    FORMAT_VERSION,
    AmbientSettings,
    Bell,
    BellSettings,
    Breath,
    CareSettings,
    Chapter,
    Pacing,
    Pause,
    Pose,
    Segment,
    Session,
    Speak,
    VoiceSettings,
)
from generator.script.yamlnodes import MAX_BYTES, Node, decode, parse, source_lines

MAX_SEGMENTS = 2000
MAX_ITEM_S = 4 * 3600.0
ENGINES = ("auto", "pyttsx3", "espeak-ng", "piper")
SIDES = ("none", "left", "right", "both")
SEGMENT_KINDS = ("speak", "pause", "pose", "breath", "chapter", "bell")

TOP_KEYS = (
    "holdspace",
    "title",
    "author",
    "album",
    "genre",
    "year",
    "cover",
    "language",
    "voice",
    "ambient",
    "pacing",
    "care",
    "length",
    "bells",
    "segments",
)
VOICE_KEYS = ("engine", "name", "rate", "pitch", "model")
AMBIENT_KEYS = ("bed", "file", "level", "duck", "fade_in", "fade_out", "seed")
PACING_KEYS = ("sentence_gap", "clause_gap", "lead_in", "tail")
MAX_CLAUSE_GAP_S = 5.0  # a comma pause; a longer silence is a [pause 10s] marker
CARE_KEYS = ("check_in_every", "max_silence", "check_ins", "opening", "closing", "resource")
SEGMENT_KEYS = {
    "speak": ("speak", "allow"),
    "pause": ("pause", "silent"),
    "pose": ("pose", "cue", "sides", "hold", "switch", "exit", "allow"),
    "breath": ("breath", "rounds", "override", "allow"),
    "chapter": ("chapter",),
    "bell": ("bell",),
}
BELL_KEYS = ("start", "end", "sides", "strikes")
BREATH_KEYS = ("pattern", "inhale", "exhale", "hold_in", "hold_out", "rounds", "override")
# words authors reach for instead of a segment kind: the kind they mean
KIND_SYNONYMS = {
    "rest": "pause",
    "wait": "pause",
    "silence": "pause",
    "say": "speak",
    "talk": "speak",
    "text": "speak",
    "breathe": "breath",
    "breathing": "breath",
    "asana": "pose",
    "posture": "pose",
    "section": "chapter",
    "chime": "bell",
    "gong": "bell",
}
# a visible suppression: "# holdspace: allow RULE[, RULE] because REASON" (see generator.lint.script)
ALLOW_COMMENT = re.compile(
    r"#\s*holdspace:\s*allow\s+([a-z-]+(?:\s*,\s*[a-z-]+)*)(?:\s+because\s+(\S.*))?", re.I
)


def load_session(path: str | Path) -> Session:
    """Read, parse and validate a script file."""
    shown = str(path)
    p = Path(path)
    if p.is_dir():
        raise InputError("this is a folder, not a script; name a .yaml file", shown, 1)
    try:
        with p.open("rb") as source:  # bounded: /dev/zero or a pipe that never ends is no script
            raw = source.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(
            "no such script; check the path (sessions/ has examples)", shown, 1
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the script: {exc.strerror}", shown, 1) from None
    return load_text(decode(raw, shown), shown, base_dir=p.resolve().parent)


def load_text(source: str, path: str = "<script>", base_dir: Path | None = None) -> Session:
    """Validate script text; ``base_dir`` resolves relative file paths (ambient files, voices)."""
    root = parse(source, path)
    session = _Reader(path, base_dir or Path.cwd()).session(root)
    _check_allow_comments(source, path)
    return session


def _check_allow_comments(source: str, path: str) -> None:
    """A mistyped rule id in an allow comment would silently allow nothing: refuse it."""
    for number, line in enumerate(source_lines(source), 1):
        if "holdspace" not in line:
            continue
        match = ALLOW_COMMENT.search(line)
        if match:
            for rule in match.group(1).split(","):
                problem = _unknown_rule(rule.strip().lower())
                if problem:
                    raise InputError(problem, path, number)


def _unknown_rule(rule: str) -> str | None:
    """Why ``rule`` cannot be allowed (it is no lint rule), with the nearest id; None if it is."""
    from generator.lint.script import allowable_rule_ids  # the linter imports the planner: load it late

    known = allowable_rule_ids()
    if rule in known:
        return None
    hint = difflib.get_close_matches(rule, known, n=1, cutoff=0.5)
    fix = f"did you mean {hint[0]!r}?" if hint else f"rules: {', '.join(known)}"
    return f"allow names an unknown lint rule {rule!r}, so it allows nothing; {fix}"


class _Reader:
    def __init__(self, path: str, base_dir: Path) -> None:
        self.path = path
        self.base_dir = base_dir

    def fail(self, message: str, line: int) -> InputError:
        return InputError(message, self.path, line)

    # -- shapes ---------------------------------------------------------------------------------
    def mapping(self, node: Node, allowed: tuple[str, ...], what: str) -> dict[str, Node]:
        if not isinstance(node.value, dict):
            raise self.fail(f"{what} must be a mapping of keys ({', '.join(allowed)})", node.where)
        for key, value in node.value.items():
            if key not in allowed:
                raise self.fail(_unknown(key, allowed, what), value.key_line)
        return node.value

    def string(self, node: Node, what: str, *, speak: bool = False, language: str = "en") -> str:
        if (
            isinstance(node.value, bool)
            or node.value is None
            or isinstance(node.value, dict | list)
        ):
            raise self.fail(
                f"{what} must be text, in quotes if it looks like a number or yes/no", node.where
            )
        value = str(node.value)
        problem = (
            textrules.speakable_problem(value, language) if speak else _plain_text_problem(value)
        )
        if problem:
            raise self.fail(f"{what}: {problem}", node.where)
        if speak:
            try:
                textrules.split_speech(value)
            except ValueError as exc:
                raise self.fail(f"{what}: {exc}", node.where) from None
        return value

    def number(
        self, node: Node, what: str, lo: float, hi: float, *, integer: bool = False
    ) -> float:
        v = node.value
        ok_type = isinstance(v, int) if integer else isinstance(v, int | float)
        if isinstance(v, bool) or not ok_type:
            kind = "a whole number" if integer else "a number"
            fix = "; remove the quotes" if _quoted_number(v) else ""
            raise self.fail(
                f"{what} must be {kind} between {lo:g} and {hi:g}, got {_show(v)}{fix}",
                node.where,
            )
        # compare before isfinite: an int of 400 digits overflows float()
        if not lo <= v <= hi or not math.isfinite(v):
            raise self.fail(f"{what} must be between {lo:g} and {hi:g}, got {_show(v)}", node.where)
        return v

    def duration(
        self, node: Node, what: str, hi: float = MAX_ITEM_S, lo: float = 0.0, zero_ok: bool = False
    ) -> float:
        try:
            seconds = textrules.parse_duration(node.value, zero_ok=zero_ok)
        except ValueError as exc:
            raise self.fail(f"{what}: {exc}", node.where) from None
        if seconds > hi:
            raise self.fail(f"{what} is {seconds:g} s; the most allowed is {hi:g} s", node.where)
        if seconds < lo:
            raise self.fail(f"{what} must be at least {lo:g} s, got {seconds:g} s", node.where)
        return seconds

    def choice(self, node: Node, what: str, options: tuple[str, ...]) -> str:
        value = node.value
        if isinstance(value, bool):
            # sides: no is YAML's false, not the word "no"
            wanted = "none" if not value and "none" in options else f"one of: {', '.join(options)}"
            raise self.fail(
                f"{what}: {node.text or value} reads as {str(value).lower()} in YAML; "
                f"write {wanted}",
                node.where,
            )
        if not isinstance(value, str) or value not in options:
            hint = difflib.get_close_matches(str(value), options, n=1)
            fix = f"did you mean {hint[0]!r}?" if hint else f"use one of: {', '.join(options)}"
            raise self.fail(f"{what} {_show(value)} is not known; {fix}", node.where)
        return value

    def boolean(self, node: Node, what: str) -> bool:
        if not isinstance(node.value, bool):
            raise self.fail(f"{what} must be true or false, got {_show(node.value)}", node.where)
        return node.value

    def allow(self, fields: dict[str, Node]) -> tuple[str, ...]:
        node = fields.get("allow")
        if node is None:
            return ()
        items = node.value if isinstance(node.value, list) else [node]
        out = []
        for item in items:
            if not isinstance(item.value, str) or not item.value.strip():
                raise self.fail("allow: lists lint rule ids, e.g. allow: [command]", item.where)
            rule = item.value.split()[0]
            problem = _unknown_rule(rule.lower())
            if problem:
                raise self.fail(problem, item.where)
            out.append(rule.lower())
        return tuple(out)

    # -- the script -----------------------------------------------------------------------------
    def session(self, root: Node) -> Session:
        top = self.mapping(root, TOP_KEYS, "the script")
        if "holdspace" not in top:
            raise self.fail(
                f"missing `holdspace: {FORMAT_VERSION}` (the format version) at the top", 1
            )
        version = top["holdspace"]
        if (
            isinstance(version.value, bool)
            or not isinstance(version.value, int | float)
            or version.value != FORMAT_VERSION
        ):
            raise self.fail(
                f"holdspace: {_show(version.value)} is not a format this version reads; use holdspace: {FORMAT_VERSION}",
                version.where,
            )
        if "title" not in top:
            raise self.fail("missing `title:` (it names the track and its file)", 1)
        language = "en"
        if "language" in top:
            language = self.string(top["language"], "language").strip()
            if not language.replace("-", "").replace("_", "").isalpha() or len(language) > 12:
                raise self.fail(
                    f"language {language!r} is not a language code like en or es",
                    top["language"].where,
                )
        title = self.string(top["title"], "title").strip()
        if len(title) > 200:
            raise self.fail("title is longer than 200 characters; shorten it", top["title"].where)
        author = self.string(top["author"], "author").strip() if "author" in top else None
        tags: dict[str, Any] = {}
        for key in ("album", "genre"):
            if key in top:
                tags[key] = self.string(top[key], key).strip()
        if "year" in top:
            tags["year"] = int(self.number(top["year"], "year", 1900, 2999, integer=True))
        if "cover" in top:
            tags["cover"] = str(self.resolve(top["cover"], "cover"))
            tags["cover_line"] = top["cover"].where
        if "segments" not in top:
            raise self.fail("missing `segments:` (the list of what happens, in order)", 1)
        segments = self.segments(top["segments"], language)
        return Session(
            path=self.path,
            title=title,
            author=author,
            **tags,
            language=language,
            voice=self.voice(top.get("voice"), language),
            ambient=self.ambient(top.get("ambient")),
            pacing=self.pacing(top.get("pacing")),
            care=self.care(top.get("care"), language),
            bells=self.bells(top.get("bells")),
            length=self.duration(top["length"], "length", hi=MAX_ITEM_S, lo=60)
            if "length" in top
            else None,
            length_line=top["length"].where if "length" in top else 0,
            language_line=top["language"].where if "language" in top else 0,
            segments=segments,
        )

    def voice(self, node: Node | None, language: str) -> VoiceSettings:
        if node is None:
            return VoiceSettings(language=language)
        f = self.mapping(node, VOICE_KEYS, "voice")
        engine = self.choice(f["engine"], "voice engine", ENGINES) if "engine" in f else "auto"
        model = None
        if "model" in f:
            model = self.voice_model(f["model"], engine)
        rate = None
        if "rate" in f:
            # espeak-ng (and pyttsx3, which drives it) speaks no slower than 80 words a minute
            low = 80 if engine in ("espeak-ng", "pyttsx3") else 60
            what = "voice rate (words per minute)" + (f" with {engine}" if low == 80 else "")
            rate = int(self.number(f["rate"], what, low, 300, integer=True))
        return VoiceSettings(
            engine=engine,
            name=self.string(f["name"], "voice name").strip() if "name" in f else None,
            rate=rate,
            pitch=int(self.number(f["pitch"], "voice pitch", 0, 99, integer=True))
            if "pitch" in f
            else None,
            model=model,
            language=language,
            line=_voice_line(f, engine, node.where),
        )

    def voice_model(self, node: Node, engine: str) -> str:
        """The resolved model path, checked now: a missing or damaged voice file is a mistake in
        the script, better named at its line than found when the voice first speaks."""
        if engine not in ("auto", "piper"):
            raise self.fail(
                f"a voice model is only used by piper, not {engine}; remove model: or write "
                "engine: piper",
                node.where,
            )
        path = self.resolve(node, "voice model")
        from generator.speech.piper_engine import check_voice_files  # numpy: only when needed

        check_voice_files(path, self.string(node, "voice model").strip(), self.path, node.where)
        return str(path)

    def ambient(self, node: Node | None) -> AmbientSettings:
        if node is None:
            return AmbientSettings()
        f = self.mapping(node, AMBIENT_KEYS, "ambient")
        if "bed" in f and "file" in f:
            later = max(f["bed"].where, f["file"].where)
            raise self.fail("ambient takes either bed: or file:, not both", later)
        # the bed is checked after loading (a name, or a file to probe): point at its own line
        chosen = f.get("file") or f.get("bed")
        kw: dict[str, Any] = {"line": chosen.where if chosen else node.where}
        if "bed" in f:
            # bed names are ids like pose names: "Ocean" and "pink noise" mean ocean, pink-noise
            name = self.string(f["bed"], "ambient bed").strip()
            kw["bed"] = re.sub(r"[\s_]+", "-", name).lower()
        if "file" in f:
            kw["bed"] = "file"
            kw["file"] = str(self.resolve(f["file"], "ambient file"))
        if "level" in f:
            kw["level"] = float(
                self.number(f["level"], "ambient level (dB under the voice)", -60, -6)
            )
        if "duck" in f:
            kw["duck"] = float(self.number(f["duck"], "ambient duck (dB)", 0, 24))
        for key in ("fade_in", "fade_out"):
            if key in f:
                kw[key] = self.duration(f[key], f"ambient {key}", hi=120)
        if "seed" in f:
            kw["seed"] = int(self.number(f["seed"], "ambient seed", 0, 2**32 - 1, integer=True))
        return AmbientSettings(**kw)

    def bells(self, node: Node | None) -> BellSettings:
        if node is None:
            return BellSettings()
        f = self.mapping(node, BELL_KEYS, "bells")
        kw: dict[str, Any] = {"line": node.where}
        for key in ("start", "end", "sides"):
            if key in f:
                kw[key] = self.boolean(f[key], f"bells {key}")
        if "strikes" in f:
            kw["strikes"] = int(self.number(f["strikes"], "bells strikes", 1, 5, integer=True))
        return BellSettings(**kw)

    def pacing(self, node: Node | None) -> Pacing:
        if node is None:
            return Pacing()
        f = self.mapping(node, PACING_KEYS, "pacing")
        kw = {
            k: self.duration(f[k], f"pacing {k}", hi=30)
            for k in PACING_KEYS
            if k in f and k != "clause_gap"
        }
        if "clause_gap" in f:  # 0 is allowed: it switches clause splitting off
            kw["clause_gap"] = self.duration(
                f["clause_gap"], "pacing clause_gap", hi=MAX_CLAUSE_GAP_S, zero_ok=True
            )
        return Pacing(**kw)

    def care(self, node: Node | None, language: str) -> CareSettings:
        if node is None:
            return CareSettings()
        f = self.mapping(node, CARE_KEYS, "care")
        kw: dict[str, Any] = {"line": node.where}
        if "check_in_every" in f:
            kw["check_in_every"] = self.duration(
                f["check_in_every"], "care check_in_every", hi=180, lo=30
            )
        for key in ("opening", "closing"):
            if key in f:
                value = f[key]
                kw[key] = (
                    value.value
                    if isinstance(value.value, bool)
                    else self.string(value, f"care {key}", speak=True, language=language)
                )
        if "check_ins" in f:
            node = f["check_ins"]
            if isinstance(node.value, list) and not node.value:
                raise self.fail(
                    "care check_ins is empty; list at least one line to say during holds, or "
                    "remove check_ins to use the built-in ones",
                    node.where,
                )
            if not isinstance(node.value, list):
                raise self.fail("care check_ins is a list of lines to say during holds", node.where)
            kw["check_ins"] = tuple(
                self.string(item, "care check_ins", speak=True, language=language)
                for item in node.value
            )
        if "max_silence" in f:
            kw["max_silence"] = self.duration(f["max_silence"], "care max_silence", hi=600, lo=30)
        if "resource" in f:
            kw["resource"] = self.string(
                f["resource"], "care resource", speak=True, language=language
            )
        return CareSettings(**kw)

    def resolve(self, node: Node, what: str) -> Path:
        raw = self.string(node, what).strip()
        try:
            path = Path(raw).expanduser()
        except RuntimeError:  # "~someone/x" for a user that does not exist, or no home folder
            raise self.fail(
                f"{what}: cannot find the home folder in {_show(raw)}; write the full path",
                node.where,
            ) from None
        return path if path.is_absolute() else (self.base_dir / path)

    def segments(self, node: Node, language: str) -> tuple[Segment, ...]:
        if not isinstance(node.value, list):
            raise self.fail("segments must be a list, each item starting with '- '", node.where)
        if not node.value:
            raise self.fail(
                'segments is empty; add at least one item such as - speak: "Welcome."', node.where
            )
        if len(node.value) > MAX_SEGMENTS:
            raise self.fail(
                f"{len(node.value)} segments; the most allowed is {MAX_SEGMENTS}", node.where
            )
        return tuple(self.segment(item, language) for item in node.value)

    def segment(self, node: Node, language: str) -> Segment:
        if isinstance(node.value, str) and node.value.strip():
            glued = re.match(r"\s*([a-z]+):(\S.*)", node.value)
            if glued and glued.group(1) in SEGMENT_KINDS:
                kind, rest = glued.groups()
                raise self.fail(
                    f"put a space after ':' in {node.value!r}; write - {kind}: {rest}", node.where
                )
            # "- pigeon" or "- Welcome." is a common slip; say what shape is wanted
            raise self.fail(
                f"a segment needs a kind key, e.g. - speak: {node.value!r} or - pose: {node.value!r}",
                node.where,
            )
        if not isinstance(node.value, dict):
            raise self.fail(
                f"a segment must be a mapping with one of: {', '.join(SEGMENT_KINDS)}", node.where
            )
        kinds = [k for k in node.value if k in SEGMENT_KINDS]
        if not node.value:
            raise self.fail(
                f"a segment must be a mapping with one of: {', '.join(SEGMENT_KINDS)}", node.where
            )
        if not kinds:
            first = str(next(iter(node.value), ""))
            meant = KIND_SYNONYMS.get(first.strip().lower())
            if meant is None:
                hint = difflib.get_close_matches(first, SEGMENT_KINDS, n=1, cutoff=0.5)
                meant = hint[0] if hint else None
            fix = f"did you mean {meant!r}?" if meant else f"use one of: {', '.join(SEGMENT_KINDS)}"
            raise self.fail(f"unknown segment kind {_show(first)}; {fix}", node.where)
        if len(kinds) > 1:
            raise self.fail(
                f"a segment has exactly one kind key, found {' and '.join(kinds)}; split it into two items",
                node.value[kinds[1]].key_line,
            )
        kind = kinds[0]
        f = self.mapping(node, SEGMENT_KEYS[kind], f"a {kind} segment")
        line = f[kind].key_line
        builder: Callable[[dict[str, Node], int, str], Segment] = getattr(self, "seg_" + kind)
        return builder(f, line, language)

    def seg_speak(self, f: dict[str, Node], line: int, language: str) -> Segment:
        return Speak(
            self.string(f["speak"], "speak", speak=True, language=language), line, self.allow(f)
        )

    def seg_pause(self, f: dict[str, Node], line: int, language: str) -> Segment:
        silent = self.boolean(f["silent"], "silent") if "silent" in f else False
        return Pause(self.duration(f["pause"], "pause"), line, silent)

    def seg_chapter(self, f: dict[str, Node], line: int, language: str) -> Segment:
        title = self.string(f["chapter"], "chapter").strip()
        if len(title) > 120:
            raise self.fail("chapter titles are limited to 120 characters; shorten it", line)
        return Chapter(title, line)

    def seg_bell(self, f: dict[str, Node], line: int, language: str) -> Segment:
        value = f["bell"]
        if value.value is None:
            return Bell(line)
        if isinstance(value.value, int) and not isinstance(value.value, bool):
            return Bell(line, int(self.number(value, "bell strikes", 1, 5, integer=True)))
        fields = self.mapping(value, ("strikes",), "bell")
        strikes = fields.get("strikes")
        return Bell(
            line, int(self.number(strikes, "bell strikes", 1, 5, integer=True)) if strikes else 1
        )

    def seg_pose(self, f: dict[str, Node], line: int, language: str) -> Segment:
        name = self.string(f["pose"], "pose").strip()
        texts = {
            k: self.string(f[k], f"pose {k}", speak=True, language=language) if k in f else None
            for k in ("cue", "switch", "exit")
        }
        return Pose(
            pose=name,
            hold=self.duration(f["hold"], "hold", hi=3600) if "hold" in f else None,
            line=line,
            sides=self.choice(f["sides"], "sides", SIDES) if "sides" in f else None,
            allow=self.allow(f),
            **texts,
        )

    def seg_breath(self, f: dict[str, Node], line: int, language: str) -> Segment:
        value = f["breath"]
        kw: dict[str, Any] = {}
        if isinstance(value.value, str):
            kw["pattern"] = self.string(value, "breath pattern").strip()
            fields: dict[str, Node] = {}
        else:
            fields = self.mapping(value, BREATH_KEYS, "breath")
            if "pattern" in fields:
                kw["pattern"] = self.string(fields["pattern"], "breath pattern").strip()
        for key in ("rounds", "override"):
            if key in f and key in fields:
                raise self.fail(f"{key} is given twice; keep one", f[key].key_line)
        merged = {**fields, **{k: f[k] for k in ("rounds", "override") if k in f}}
        for key in ("inhale", "exhale", "hold_in", "hold_out"):
            if key in merged:
                kw[key] = self.duration(merged[key], f"breath {key}", hi=60)
        if "pattern" not in kw and ("inhale" not in kw or "exhale" not in kw):
            raise self.fail(
                "breath needs a pattern (e.g. breath: extended_exhale) or inhale: and exhale: seconds",
                value.where,
            )
        if "rounds" in merged:
            kw["rounds"] = int(self.number(merged["rounds"], "breath rounds", 1, 200, integer=True))
        if "override" in merged:
            kw["override"] = self.boolean(merged["override"], "breath override")
        return Breath(line=line, allow=self.allow(f), **kw)


def _unknown(key: object, allowed: tuple[str, ...], what: str) -> str:
    hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
    fix = f"did you mean {hint[0]!r}?" if hint else f"allowed: {', '.join(allowed)}"
    return f"unknown key {_show(key)} in {what}; {fix}"


def _voice_line(f: dict[str, Node], engine: str, section: int) -> int:
    """The line voice errors found after loading should name. Those are about the voice file
    (piper), else the voice name, else the engine (not installed, no voice for the language)."""
    order = ("model", "name", "engine") if engine in ("auto", "piper") else ("name", "engine")
    return next((f[key].where for key in order if key in f), section)


def _quoted_number(value: object) -> bool:
    """A number in quotes ("140"): YAML reads bare digits as a number, so this one had quotes."""
    return (
        isinstance(value, str) and re.fullmatch(r"\s*[+-]?(\d+\.?\d*|\.\d+)\s*", value) is not None
    )


def _show(value: object) -> str:
    """A value as the author wrote it, short: lists and mappings by kind, not as Node trees."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return textrules.shown(value)


def _plain_text_problem(value: str) -> str | None:
    if not value.strip():
        return "is empty"
    if len(value) > textrules.MAX_TEXT_CHARS:
        return f"is {len(value)} characters; the most is {textrules.MAX_TEXT_CHARS}"
    for ch in value:
        if ch in "\n\t":
            continue
        # C0/C1 controls, DEL, lone surrogates, bidi overrides, line separators: they corrupt
        # terminals, file names and tags, and cannot be written as UTF-8 (surrogates)
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            return f"contains an invisible control character (U+{ord(ch):04X}); remove it"
    return None


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
