"""A JSON Schema (draft 2020-12) of the session script, for editors: completion, hover docs and
red squiggles before ``holdspace lint`` ever runs.

It is built from the loader's own tables (``generator.script.load``), the bed list and the pose and
breathing libraries, so it cannot drift from what ``load_text`` accepts. What a schema cannot say
exactly is left to the loader and noted in descriptions: the upper bound of a duration written as
text ("5h"), which letters a language's voice can read, and pose or pattern names, which match
loosely (case, spaces, dashes and accents are ignored), so any name is allowed and the library's
names are offered as suggestions.
"""

from __future__ import annotations

from typing import Any

from generator.lint.catalog import allowable_rule_ids
from generator.script import format as fmt
from generator.script.schema_defs import GAP_PATTERN, definitions

SCHEMA_ID = "https://holdspace.invalid/schema/script-1.json"


def json_schema() -> dict[str, Any]:
    """The schema as a fresh dict (callers may change it)."""
    top = _keys(
        fmt.TOP_KEYS,
        {
            "holdspace": _d("Format version; write 1.", {"const": 1}),
            "title": _d(
                f"Track title (ID3 title); its slug is the default file name. At most {fmt.MAX_TITLE_CHARS} characters.",
                {"allOf": [TEXT, {"$ref": "#/$defs/title"}]},
            ),
            "author": _d("ID3 artist.", TEXT),
            "album": _d('ID3 album (default "holdspace").', TEXT),
            "genre": _d('ID3 genre (default "Meditation"; "Meditación" in Spanish).', TEXT),
            "year": _integer("ID3 year (none unless given, so renders repeat).", fmt.YEAR),
            "description": _d(
                "A line written at the end of the track's description (its MP3 comment, a "
                "published page and feed), never spoken: e.g. a phone number to keep in writing.",
                TEXT,
            ),
            "cover": _d(
                "A square PNG or JPEG (at least 300 px) for the cover art, relative to the script; "
                "without it holdspace draws one.",
                TEXT,
            ),
            "language": _d(
                "Language code: picks the default voice and the built-in wording (en, es, ...).",
                {
                    "type": "string",
                    "pattern": r"^\s*(?=\S{1,12}\s*$)[A-Za-z_-]*[A-Za-z][A-Za-z_-]*\s*$",
                    "default": "en",
                    "examples": ["en", "es"],
                },
            ),
            "address": _d(
                "Spanish only: how the built-in words speak to the listener: tú (the default),"
                " vos (the default for es-AR, es-UY, es-PY) or usted.",
                {"enum": [*fmt.ADDRESSES, "tu"]},
            ),
            **_settings(),
            "length": _seconds(
                "Target length: holds grow or shrink within each pose's range to fit.",
                fmt.LENGTH_S,
            ),
            "bells": _d(
                "Soft bells the planner adds by itself (a - bell: item adds one anywhere).",
                _obj(
                    _keys(
                        fmt.BELL_KEYS,
                        {
                            "start": _flag("A bell before the first word (default false)."),
                            "end": _flag("A bell after the last word (default false)."),
                            "sides": _flag("A bell before each side switch (default false)."),
                            "strikes": _integer(
                                "Strikes of each of these bells (default 1).", fmt.BELL_STRIKES
                            ),
                        },
                    )
                ),
            ),
            "loudness": _d(
                "How loud the track is mastered: a number is the voice's loudness in LUFS (default "
                "-16; -19 suits sleep tracks); {speech: N} the same; {program: N} the whole "
                "track's, the voice and the quiet bed together.",
                {
                    "anyOf": [
                        _range(fmt.LOUDNESS_LUFS),
                        _obj(
                            {
                                "speech": _d("The voice's loudness.", _range(fmt.LOUDNESS_LUFS)),
                                "program": _d("The whole track's.", _range(fmt.LOUDNESS_LUFS)),
                            },
                            minProperties=1,
                            maxProperties=1,
                        ),
                    ]
                },  # fmt: skip
            ),
            "segments": _d(
                "What happens, in order; each item has exactly one kind key.",
                {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": fmt.MAX_SEGMENTS,
                    "items": {"oneOf": _segment_kinds()},
                },
            ),
        },
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "holdspace session script",
        "description": "A YAML script that holdspace renders into a voice-guided MP3.",
        **_obj(top, ("holdspace", "title", "segments")),
        "$defs": definitions(allowable_rule_ids()),
    }


# -- building blocks ------------------------------------------------------------------------------
TEXT = {"$ref": "#/$defs/text"}
SPEECH = {"$ref": "#/$defs/speech"}
ALLOW = {"$ref": "#/$defs/allow"}


def _obj(props: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    """A mapping that, like the loader, refuses keys it does not know."""
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out | extra


def _keys(keys: tuple[str, ...], props: dict[str, Any]) -> dict[str, Any]:
    """``props`` must describe exactly the loader's table ``keys``, in its order: a key added to
    the loader fails here (and in the tests) until the schema describes it."""
    if tuple(props) != keys:
        raise RuntimeError(f"schema out of date: {tuple(props)} != {keys}")
    return props


def _d(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, **schema}


def _flag(description: str) -> dict[str, Any]:
    return _d(description, {"type": "boolean"})


def _integer(description: str, limits: fmt.Range) -> dict[str, Any]:
    lo, hi = int(limits.lo), int(limits.hi)
    return _d(
        f"{description} A whole number, {lo}-{hi}.",
        {"type": "integer", "minimum": lo, "maximum": hi},
    )


def _seconds(description: str, limits: fmt.Range) -> dict[str, Any]:
    """A duration: a number of seconds, or text in the loader's grammar."""
    lo, hi = limits.lo, limits.hi
    number: dict[str, Any] = {"type": "number", "maximum": hi}
    number |= {"minimum": lo} if lo else {"exclusiveMinimum": 0}
    least = f"at least {lo:g} s" if lo else "more than 0"
    most = f"{hi / 3600:g} h" if hi >= 3600 else f"{hi:g} s"
    return {
        "description": f'{description} Seconds (90) or text ("90s", "2m", "1m30s"); '
        f"{least}, at most {most}.",
        "anyOf": [number, {"$ref": "#/$defs/durationText"}],
    }


def _range(limits: fmt.Range) -> dict[str, Any]:
    return {"type": "number", "minimum": limits.lo, "maximum": limits.hi}


def _suggest(description: str, names: list[str], numbers: bool = False) -> dict[str, Any]:
    """Any name (the library matches loosely), with the library's names offered for completion."""
    free: dict[str, Any] = {"type": ["string", "number"] if numbers else "string"}
    free |= {"pattern": r"\S", "maxLength": fmt.MAX_TEXT_CHARS}
    return _d(description, {"anyOf": [{"enum": names}, free], "examples": names[:6]})


def _settings() -> dict[str, Any]:
    """The voice, ambient, pacing and care mappings."""
    from generator.mix.beds.catalog import BUILTIN_BEDS

    beds = "; ".join(f"{name}: {what}" for name, what in BUILTIN_BEDS.items())
    on_off_text = {"anyOf": [{"type": "boolean"}, SPEECH]}
    voice = {
        "engine": _d(
            "Which speech engine speaks: auto (Piper if it has a voice for the language, "
            "else pyttsx3), pyttsx3, espeak-ng, piper, or recorded (your own recordings, in "
            "folder; the other keys then describe the fallback voice).",
            {"enum": list(fmt.ENGINES), "default": "auto"},
        ),
        "name": _d("The engine's voice id, e.g. en-us for espeak-ng.", TEXT),
        "rate": _integer("Speaking rate in words per minute.", fmt.RATE),
        "pitch": _integer("Voice pitch (espeak-ng, pyttsx3).", fmt.PITCH),
        "model": _d("A Piper .onnx voice file, relative to the script.", TEXT),
        "folder": _d("engine: recorded: your recordings' folder, relative to the script.", TEXT),
        "fallback": _d(
            "engine: recorded: who speaks a line not recorded (auto; none: refuse to render).",
            {"enum": list(fmt.FALLBACKS), "default": "auto"},
        ),
    }
    ambient = {
        "bed": _d(
            f"A built-in bed. {beds}.", {"enum": list(BUILTIN_BEDS), "default": "pink-noise"}
        ),
        "file": _d("Your own audio (wav, mp3, ogg, flac), relative to the script.", TEXT),
        "level": _d(
            "dB of the bed under the voice while it speaks, -60 to -6 (default -15).",
            _range(fmt.AMBIENT_LEVEL),
        ),
        "duck": _d(
            "How much louder (dB) the bed is between cues, 0 to 24 (default 6).",
            _range(fmt.AMBIENT_DUCK),
        ),
        "fade_in": _seconds("Fade-in at the start (default 3 s).", fmt.FADE_S),
        "fade_out": _seconds("Fade-out at the end (default 6 s).", fmt.FADE_S),
        "seed": _integer("Seed of a generated bed (default: from the script).", fmt.SEED),
    }
    pacing = {
        "sentence_gap": _seconds("Silence after each sentence (default 0.7 s).", fmt.PACING_S),
        "clause_gap": _d(
            "Silence after each clause inside a sentence: at , ; : and spaced dashes, never in "
            "numbers or after fewer than 3 words (default 0.3 s). 0: no split, the voice says "
            'each sentence in one breath. Seconds (0.3) or text ("0.3s"); 0 to '
            f"{fmt.CLAUSE_GAP_S.hi:g} s.",
            {
                "anyOf": [
                    _range(fmt.CLAUSE_GAP_S),
                    {"type": "string", "pattern": GAP_PATTERN},
                ]
            },
        ),
        "lead_in": _seconds("Bed alone before the first word (default 2 s).", fmt.PACING_S),
        "tail": _seconds("Bed alone after the last event (default 6 s).", fmt.PACING_S),
    }
    one = {"enum": list(fmt.CAUTIONS)}
    cautions = {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}
    care = {
        "check_in_every": _seconds(
            "Longest stretch of a hold without a check-in.", fmt.CHECK_IN_EVERY_S
        ),
        "max_silence": _seconds(
            "Longer silences get a soft chime (default 60 s).", fmt.MAX_SILENCE_S
        ),
        "check_ins": _d(
            "Your own check-in lines, said during holds; each should offer a way out.",
            {"type": "array", "items": SPEECH, "minItems": 1},
        ),
        "opening": _d("The built-in opening (true), none (false), or your own words.", on_off_text),
        "closing": _d("The built-in closing (true), none (false), or your own words.", on_off_text),
        "resource": _d("A line for the closing care note, e.g. where to find support.", SPEECH),
        "greeting": _d(
            "A line said first, before the opening, e.g. with the listener's name.", SPEECH
        ),
        "chime_every": _seconds("Longest quiet before a chime (default 90).", fmt.CHIME_EVERY_S),
        "safety_notes": _flag("Built-in safety notes beside your own words (default true)."),
        "cautions": _d("Pose notes to speak (holdspace poses --notes).", cautions),
        "place": _d("floor, chair or bed (default from the poses).", {"enum": list(fmt.PLACES)}),
    }
    return {
        "voice": _d("Who speaks, and how fast.", _obj(_keys(fmt.VOICE_KEYS, voice))),
        "ambient": _d(
            "The bed under the voice: a built-in bed or your own file (not both).",
            _obj(_keys(fmt.AMBIENT_KEYS, ambient), **{"not": {"required": ["bed", "file"]}}),
        ),
        "pacing": _d("Gaps around speech.", _obj(_keys(fmt.PACING_KEYS, pacing))),
        "care": _d(
            "Trauma-sensitive defaults: check-ins, opening, closing.",
            _obj(_keys(fmt.CARE_KEYS, care)),
        ),
    }


def _segment_kinds() -> list[dict[str, Any]]:
    """One shape per segment kind, each requiring its kind key (for ``oneOf``)."""
    from generator.care.breathing import all_patterns
    from generator.care.poses import all_poses

    poses = [name for pose in all_poses() for name in pose.names]
    patterns = [name for p in all_patterns() for name in (p.id, *p.aliases)]
    rounds = _integer("How many rounds.", fmt.BREATH_ROUNDS)
    override = _flag("Accept a fast rate or a long block the linter would question.")
    breath = {
        "pattern": _suggest("A named pattern.", patterns, numbers=True),
        "inhale": _seconds("Breathing in.", fmt.BREATH_PHASE_S),
        "exhale": _seconds("Breathing out.", fmt.BREATH_PHASE_S),
        "hold_in": _seconds("A pause after breathing in (default none).", fmt.BREATH_PHASE_S),
        "hold_out": _seconds("A pause after breathing out (default none).", fmt.BREATH_PHASE_S),
        "rounds": rounds,
        "override": override,
    }
    breath_map = _obj(
        _keys(fmt.BREATH_KEYS, breath),
        anyOf=[{"required": ["pattern"]}, {"required": ["inhale", "exhale"]}],
    )
    shapes = {
        "speak": {
            "speak": _d(
                "Words to say, sentence by sentence; [pause 3s] is an exact silence.", SPEECH
            ),
            "allow": ALLOW,
        },
        "pause": {
            "pause": _seconds("Exactly this long without words.", fmt.PAUSE_S),
            "silent": _flag("Silence you intend: no check-in or chime fills it."),
        },
        "pose": {
            "pose": _suggest(
                "A pose from the library, by id or alias (case, spaces and dashes are ignored).",
                poses,
            ),
            "cue": _d("Words that lead into the shape (default: built-in).", SPEECH),
            "sides": _d(
                "none, left, right, or both (left then right); default: the pose's own.",
                {"enum": list(fmt.SIDES)},
            ),
            "hold": _seconds("Hold per side (default: the pose's own).", fmt.HOLD_S),
            "switch": _d("Words between the sides (default: built-in).", SPEECH),
            "exit": _d("Words to come out (default: built-in).", SPEECH),
            "safety_note": _flag(
                "This pose's built-in safety note, said after your cue too (default true); false:"
                " not for this pose (say what matters in your cue)."
            ),
            "allow": ALLOW,
        },
        "breath": {
            "breath": _d(
                "Paced breathing: a pattern name, or {inhale: 4, exhale: 6, rounds: 6}.",
                {"anyOf": [_suggest("A named pattern.", patterns), breath_map]},
            ),
            "rounds": rounds,
            "override": override,
            "allow": ALLOW,
        },
        "chapter": {
            "chapter": _d(
                f"A chapter starts here, with this title (at most {fmt.MAX_CHAPTER_CHARS} characters).",
                {"allOf": [TEXT, {"$ref": "#/$defs/chapterTitle"}]},
            ),
        },
        "bell": {
            "bell": _d(
                "A soft bell: empty (one strike), a number of strikes (1-5), or {strikes: N}.",
                {
                    "anyOf": [
                        {"type": "null"},
                        {"type": "integer", "minimum": 1, "maximum": int(fmt.BELL_STRIKES.hi)},
                        _obj({"strikes": _integer("Strikes.", fmt.BELL_STRIKES)}),
                    ]
                },
            ),
        },
    }
    # rounds/override may sit on the item or inside the breath mapping, not in both
    once = [
        {"not": {"required": [k], "properties": {"breath": {"type": "object", "required": [k]}}}}
        for k in ("rounds", "override")
    ]
    return [
        _obj(
            _keys(fmt.SEGMENT_KEYS[kind], shapes[kind]),
            (kind,),
            title=kind,
            **({"allOf": once} if kind == "breath" else {}),
        )
        for kind in fmt.SEGMENT_KINDS
    ]
