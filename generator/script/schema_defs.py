"""The schema's shared definitions (``$defs``): what text, speech, titles, durations and allows
look like, as patterns an editor can check while you type. The same rules the loader applies
(``generator.script.reader``, ``generator.script.text``), written as JSON Schema."""

from __future__ import annotations

from typing import Any

from generator.script import format as fmt

_NUM = r"\d+(?:[.,]\d+)?"  # a decimal point or comma ("1,5m")


def _any_case(*words: str) -> str:
    return "(?:" + "|".join("".join(f"[{c}{c.upper()}]" for c in w) for w in words) + ")"


# the duration grammar of generator.script.text.parse_duration (spaces ignored, units any case and
# written out, "1 minute and 30 seconds", "2 min", "1 minuto 30 segundos"), plus "more than zero":
# at least one non-zero digit
_H = _any_case("hours", "hour", "hrs", "hr", "horas", "hora", "h")
_M = _any_case("minutes", "minute", "mins", "min", "minutos", "minuto", "m")
_S = _any_case("seconds", "second", "secs", "sec", "segundos", "segundo", "seg", "s")
_THEN = rf"(?: *(?:,|{_any_case('and', 'y')})(?= *\d))?"  # "and", "y" or a comma before a number
_DURATION_BODY = rf"(?: *{_NUM} *{_H}{_THEN})?(?: *{_NUM} *{_M}{_THEN})?(?: *{_NUM} *{_S}?)? *\s*$"
# or a clock, m:ss or h:mm:ss ("1:30", "1:00:00"), not all zero
_CLOCK = r"\d+:[0-5]\d(?::[0-5]\d)?\s*$"
DURATION_PATTERN = rf"^\s*(?=[^1-9]*[1-9]){_CLOCK}|^\s*\+?(?=[^1-9]*[1-9]){_DURATION_BODY}"
# a gap that 0 switches off (pacing clause_gap): the same grammar, at least one digit, zero allowed
GAP_PATTERN = rf"^\s*{_CLOCK}|^\s*\+?(?=[^0-9]*[0-9]){_DURATION_BODY}"
# characters the loader refuses in plain text: C0/C1 controls (not tab/newline), DEL, line and
# paragraph separators, bidi overrides
_CONTROLS = (
    "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]"
)
# speech also refuses format characters (soft hyphen, zero-width spaces, BOM) and private use
_INVISIBLE = _CONTROLS[:-1] + "\\u00ad\\u200b-\\u200f\\ufeff\\ue000-\\uf8ff]"
# square brackets only inside [pause 3s] markers (any case)
_BRACKETS_ONLY_IN_MARKERS = r"^(?:[^\[\]]|\[\s*[pP][aA][uU][sS][eE]\s+[^\]]*\])*$"


def _at_most(chars: int) -> dict[str, Any]:
    return {
        "description": f"At most {chars} characters, leading and trailing spaces aside.",
        "pattern": rf"^\s*\S(?:[\s\S]{{0,{chars - 2}}}\S)?\s*$",
    }


def definitions(lint_rules: list[str]) -> dict[str, Any]:
    return {
        "text": {
            "description": "Text (a number is read as text). Not blank; no control characters.",
            "type": ["string", "number"],
            "pattern": r"\S",
            "maxLength": fmt.MAX_TEXT_CHARS,
            "not": {"type": "string", "pattern": _CONTROLS},
        },
        "speech": {
            "description": (
                "Words for the voice. Square brackets only in pause markers like [pause 3s]; "
                "no emoji or symbols a voice cannot say; letters the language's voice can read."
            ),
            "type": ["string", "number"],
            "pattern": r"^(?=[\s\S]*\S)" + _BRACKETS_ONLY_IN_MARKERS[1:],
            "maxLength": fmt.MAX_TEXT_CHARS,
            "not": {"type": "string", "pattern": _INVISIBLE},
        },
        "title": _at_most(fmt.MAX_TITLE_CHARS),
        "chapterTitle": _at_most(fmt.MAX_CHAPTER_CHARS),
        "durationText": {
            "description": 'A duration as text: "90", "90s", "2m", "1m30s", "1h", "2 min".',
            "type": "string",
            "pattern": DURATION_PATTERN,
        },
        "allow": {
            "description": "Lint rules to allow on this item, e.g. [command]; say why in a comment.",
            "anyOf": [
                {"type": "string", "pattern": r"\S"},
                {"type": "array", "items": {"type": "string", "pattern": r"\S"}},
            ],
            "examples": [[rule] for rule in lint_rules],
        },
    }
