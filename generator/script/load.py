"""YAML script → validated ``Session``. Every problem is an InputError at the offending line.

The shapes of values are checked by ``generator.script.reader``, segments by
``generator.script.segments``; the keys and limits come from ``generator.script.format``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.care.forms import address_spelled, is_spanish
from generator.errors import InputError
from generator.script import format as fmt
from generator.script.model import (
    AmbientSettings,
    BellSettings,
    CareSettings,
    LoudnessSettings,
    Pacing,
    Session,
    VoiceSettings,
)
from generator.script.reader import Reader, show, unknown_rule
from generator.script.segments import read_segments
from generator.script.yamlnodes import Node, decode, parse, source_lines


def load_session(path: str | Path) -> Session:
    """Read, parse and validate a script file."""
    shown = str(path)
    p = Path(path)
    if p.is_dir():
        raise InputError("this is a folder, not a script; name a .yaml file", shown, 1)
    try:
        with p.open("rb") as source:  # bounded: /dev/zero or a pipe that never ends is no script
            raw = source.read(fmt.MAX_BYTES + 1)
    except FileNotFoundError:
        from generator.care.data import near_path

        examples = " (sessions/ has examples)" if Path("sessions").is_dir() else ""
        raise InputError(
            f"no such script; {near_path(p)}check the path{examples}", shown, 1
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the script: {exc.strerror}", shown, 1) from None
    return load_text(decode(raw, shown), shown, base_dir=p.resolve().parent)


def load_text(source: str, path: str = "<script>", base_dir: Path | None = None) -> Session:
    """Validate script text; ``base_dir`` resolves relative file paths (ambient files, voices)."""
    root = parse(source, path)
    session = SessionReader(path, base_dir or Path.cwd()).session(root)
    _check_allow_comments(source, path)
    return session


def _check_allow_comments(source: str, path: str) -> None:
    """A mistyped rule id in an allow comment would silently allow nothing: refuse it."""
    for number, line in enumerate(source_lines(source), 1):
        if "holdspace" not in line:
            continue
        match = fmt.ALLOW_COMMENT.search(line)
        if match:
            for rule in match.group(1).split(","):
                problem = unknown_rule(rule.strip().lower())
                if problem:
                    raise InputError(problem, path, number)


_AMERICAS = "es-419"  # Latin America's Spanish voice


class SessionReader(Reader):
    """The top level of a script and its settings (voice, ambient, pacing, care, bells)."""

    # -- the script -----------------------------------------------------------------------------
    def session(self, root: Node) -> Session:
        top = self.mapping(root, fmt.TOP_KEYS, "the script")
        if "holdspace" not in top:
            raise self.fail(
                f"missing `holdspace: {fmt.FORMAT_VERSION}` (the format version) at the top", 1
            )
        version = top["holdspace"]
        if (
            isinstance(version.value, bool)
            or not isinstance(version.value, int | float)
            or version.value != fmt.FORMAT_VERSION
        ):
            raise self.fail(
                f"holdspace: {show(version.value)} is not a format this version reads; use holdspace: {fmt.FORMAT_VERSION}",
                version.where,
            )
        if "title" not in top:
            raise self.fail("missing `title:` (it names the track and its file)", 1)
        language = "en"
        if "language" in top:
            language = self.string(top["language"], "language").strip()
            if (
                not language.replace("-", "").replace("_", "").isalpha()
                or len(language) > fmt.MAX_LANGUAGE_CHARS
            ):
                raise self.fail(
                    f"language {language!r} is not a language code like en or es",
                    top["language"].where,
                )
        address = self.address(top["address"], language) if "address" in top else None
        title = self.string(top["title"], "title").strip()
        if len(title) > fmt.MAX_TITLE_CHARS:
            raise self.fail(
                f"title is longer than {fmt.MAX_TITLE_CHARS} characters; shorten it",
                top["title"].where,
            )
        author = self.string(top["author"], "author").strip() if "author" in top else None
        tags: dict[str, Any] = {}
        for key in ("album", "genre", "description"):
            if key in top:
                tags[key] = self.string(top[key], key).strip()
        if "year" in top:
            tags["year"] = int(self.number(top["year"], "year", fmt.YEAR, integer=True))
        if "cover" in top:
            tags["cover"] = str(self.resolve(top["cover"], "cover"))
            tags["cover_line"] = top["cover"].where
        if "segments" not in top:
            raise self.fail("missing `segments:` (the list of what happens, in order)", 1)
        segments = read_segments(self, top["segments"], language)
        return Session(
            path=self.path,
            title=title,
            author=author,
            **tags,
            language=language,
            address=address,
            # usted's words are Latin America's (acostada, si lo desea): so is its voice, unless
            # the script names one or a region (es-ES keeps Spain's)
            voice=self.voice(
                top.get("voice"),
                _AMERICAS if address == "usted" and language.lower() == "es" else language,
            ),
            ambient=self.ambient(top.get("ambient")),
            pacing=self.pacing(top.get("pacing")),
            care=self.care(top.get("care"), language),
            bells=self.bells(top.get("bells")),
            loudness=self.loudness(top.get("loudness")),
            length=self.duration(top["length"], "length", fmt.LENGTH_S)
            if "length" in top
            else None,
            length_line=top["length"].where if "length" in top else 0,
            language_line=top["language"].where if "language" in top else 0,
            segments=segments,
        )

    def address(self, node: Node, language: str) -> str:
        """``address: usted`` (or ``tú``, ``vos``): how the built-in Spanish speaks."""
        said = address_spelled(self.string(node, "address"))
        if said not in fmt.ADDRESSES:
            raise self.fail(
                f"address must be one of {', '.join(fmt.ADDRESSES)}, got {show(node.value)}",
                node.where,
            )
        if not is_spanish(language):
            raise self.fail(
                f"address is for Spanish, and this script's language is {language!r}: add"
                " language: es (or es-MX, es-CO…) for Spanish words in that address",
                node.where,
            )
        return said

    def voice(self, node: Node | None, language: str) -> VoiceSettings:
        if node is None:
            return VoiceSettings(language=language)
        f = self.mapping(node, fmt.VOICE_KEYS, "voice")
        engine = self.choice(f["engine"], "voice engine", fmt.ENGINES) if "engine" in f else "auto"
        folder, fallback = self.recorded(f, engine, node.where)
        speaker = fallback if engine == "recorded" else engine  # who the other keys describe
        model = None
        if "model" in f:
            model = self.voice_model(f["model"], speaker)
        rate = None
        if "rate" in f:
            espeak = speaker in ("espeak-ng", "pyttsx3")  # espeak-ng speaks no slower than 80
            what = "voice rate (words per minute)" + (f" with {speaker}" if espeak else "")
            limits = fmt.RATE_ESPEAK if espeak else fmt.RATE
            rate = int(self.number(f["rate"], what, limits, integer=True))
        return VoiceSettings(
            engine=engine,
            name=self.string(f["name"], "voice name").strip() if "name" in f else None,
            rate=rate,
            pitch=int(self.number(f["pitch"], "voice pitch", fmt.PITCH, integer=True))
            if "pitch" in f
            else None,
            model=model,
            language=language,
            line=voice_line(f, engine, node.where),
            folder=folder,
            fallback=fallback,
        )

    def recorded(self, f: dict[str, Node], engine: str, section: int) -> tuple[str | None, str]:
        """``folder`` and ``fallback`` of a recorded voice (``engine: recorded``), resolved; both
        belong to it alone. The folder's contents are checked when the voice loads."""
        if engine != "recorded":
            for key in ("folder", "fallback"):
                if key in f:
                    raise self.fail(
                        f"voice {key}: is only used by your own recordings; write engine: "
                        f"recorded, or remove {key}:",
                        f[key].where,
                    )
            return None, "auto"
        if "folder" not in f:
            raise self.fail(
                "voice engine: recorded needs folder: (the folder of your recordings, relative "
                "to the script); holdspace record SCRIPT -o FOLDER writes the list of lines to "
                "record there",
                f["engine"].where if "engine" in f else section,
            )
        fallback = "auto"
        if "fallback" in f:
            fallback = self.choice(f["fallback"], "voice fallback", fmt.FALLBACKS)
        return str(self.resolve(f["folder"], "voice folder")), fallback

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
        from generator.speech.piper_model import check_voice_files

        check_voice_files(path, self.string(node, "voice model").strip(), self.path, node.where)
        return str(path)

    def ambient(self, node: Node | None) -> AmbientSettings:
        if node is None:
            return AmbientSettings()
        f = self.mapping(node, fmt.AMBIENT_KEYS, "ambient")
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
                self.number(f["level"], "ambient level (dB under the voice)", fmt.AMBIENT_LEVEL)
            )
        if "duck" in f:
            kw["duck"] = float(self.number(f["duck"], "ambient duck (dB)", fmt.AMBIENT_DUCK))
        for key in ("fade_in", "fade_out"):
            if key in f:
                kw[key] = self.duration(f[key], f"ambient {key}", fmt.FADE_S)
        if "seed" in f:
            kw["seed"] = int(self.number(f["seed"], "ambient seed", fmt.SEED, integer=True))
        return AmbientSettings(**kw)

    def loudness(self, node: Node | None) -> LoudnessSettings:
        """``loudness: -19`` (the speech's loudness), ``{speech: -19}`` or ``{program: -16}``."""
        if node is None:
            return LoudnessSettings()
        if isinstance(node.value, dict):
            f = self.mapping(node, fmt.LOUDNESS_MEASURES, "loudness")
            if len(f) != 1:
                raise self.fail(
                    "loudness takes one of speech: or program:, e.g. loudness: {speech: -19}",
                    node.where,
                )
            measure, value = next(iter(f.items()))
        else:
            measure, value = "speech", node
        what = f"loudness ({measure}, LUFS)"
        target = float(self.number(value, what, fmt.LOUDNESS_LUFS))
        return LoudnessSettings(measure, target, node.where)

    def bells(self, node: Node | None) -> BellSettings:
        if node is None:
            return BellSettings()
        f = self.mapping(node, fmt.BELL_KEYS, "bells")
        kw: dict[str, Any] = {"line": node.where}
        for key in ("start", "end", "sides"):
            if key in f:
                kw[key] = self.boolean(f[key], f"bells {key}")
        if "strikes" in f:
            kw["strikes"] = int(
                self.number(f["strikes"], "bells strikes", fmt.BELL_STRIKES, integer=True)
            )
        return BellSettings(**kw)

    def pacing(self, node: Node | None) -> Pacing:
        if node is None:
            return Pacing()
        f = self.mapping(node, fmt.PACING_KEYS, "pacing")
        kw = {
            k: self.duration(f[k], f"pacing {k}", fmt.PACING_S)
            for k in fmt.PACING_KEYS
            if k in f and k != "clause_gap"
        }
        if "clause_gap" in f:  # 0 is allowed: it switches clause splitting off
            kw["clause_gap"] = self.duration(
                f["clause_gap"], "pacing clause_gap", fmt.CLAUSE_GAP_S, zero_ok=True
            )
        return Pacing(**kw)

    def care(self, node: Node | None, language: str) -> CareSettings:
        if node is None:
            return CareSettings()
        f = self.mapping(node, fmt.CARE_KEYS, "care")
        kw: dict[str, Any] = {"line": node.where}
        if "check_in_every" in f:
            kw["check_in_every"] = self.duration(
                f["check_in_every"], "care check_in_every", fmt.CHECK_IN_EVERY_S
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
            kw["max_silence"] = self.duration(
                f["max_silence"], "care max_silence", fmt.MAX_SILENCE_S
            )
        for key in ("resource", "greeting"):
            if key in f:
                kw[key] = self.string(f[key], f"care {key}", speak=True, language=language)
        if "chime_every" in f:
            kw["chime_every"] = self.duration(
                f["chime_every"], "care chime_every", fmt.CHIME_EVERY_S
            )
        if "safety_notes" in f:
            kw["safety_notes"] = self.boolean(f["safety_notes"], "care safety_notes")
        if "cautions" in f:
            kw["cautions"] = self.cautions(f["cautions"])
        if "place" in f:
            kw["place"] = self.choice(f["place"], "care place", fmt.PLACES)
        return CareSettings(**kw)

    def cautions(self, node: Node) -> tuple[str, ...]:
        """``cautions: [hip_replacement, pregnancy]`` (or one name): pose notes switched on."""
        items = node.value if isinstance(node.value, list) else [node]
        if not items:
            raise self.fail(
                f"care cautions is empty; list some of: {', '.join(fmt.CAUTIONS)}, or remove it",
                node.where,
            )
        chosen = [self.choice(item, "care cautions entry", fmt.CAUTIONS) for item in items]
        return tuple(dict.fromkeys(chosen))


def voice_line(f: dict[str, Node], engine: str, section: int) -> int:
    """The line voice errors found after loading should name. Those are about the voice file
    (piper), else the voice name, else the engine (not installed, no voice for the language)."""
    if engine == "recorded":  # the folder's lines and files; the fallback's own keys after
        order: tuple[str, ...] = ("folder", "fallback", "model", "name", "engine")
    elif engine in ("auto", "piper"):
        order = ("model", "name", "engine")
    else:
        order = ("name", "engine")
    return next((f[key].where for key in order if key in f), section)
