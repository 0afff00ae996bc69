"""The shapes a script's values must have (a mapping of known keys, text, a number in range, a
duration, one of a few words, a file path), each refused at its line with the fix."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from pathlib import Path

from generator.errors import InputError
from generator.lint.catalog import allowable_rule_ids
from generator.script import text as textrules
from generator.script.format import MAX_TEXT_CHARS, PAUSE_S, Range
from generator.script.yamlnodes import Node


class Reader:
    """Reads values from ``Node``s; every problem is an InputError at the value's line."""

    def __init__(self, path: str, base_dir: Path) -> None:
        self.path = path
        self.base_dir = base_dir

    def fail(self, message: str, line: int) -> InputError:
        return InputError(message, self.path, line)

    # -- shapes ---------------------------------------------------------------------------------
    def mapping(self, node: Node, allowed: tuple[str, ...], what: str) -> dict[str, Node]:
        if not isinstance(node.value, dict):
            example = f"{what}: {{{allowed[0]}: …}}"
            if isinstance(node.value, bool):  # "bells: false": each key has its own default
                raise self.fail(
                    f"{what} must be a mapping of keys ({', '.join(allowed)}), not "
                    f"{str(node.value).lower()}; leave {what} out for the defaults, or write "
                    f"{example}",
                    node.where,
                )
            raise self.fail(
                f"{what} must be a mapping of keys ({', '.join(allowed)}), e.g. {example}",
                node.where,
            )
        for key, value in node.value.items():
            if key not in allowed:
                raise self.fail(unknown(key, allowed, what), value.key_line)
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
        # a scalar YAML read as a number stays as written: title: 0x1F is "0x1F", not "31"
        value = node.text if isinstance(node.value, int | float) and node.text else str(node.value)
        problem = (
            textrules.speakable_problem(value, language) if speak else plain_text_problem(value)
        )
        if problem:
            raise self.fail(f"{what}: {problem}", node.where)
        if speak:
            try:
                textrules.split_speech(value)
            except ValueError as exc:
                raise self.fail(f"{what}: {exc}", node.where) from None
        return value

    def number(self, node: Node, what: str, limits: Range, *, integer: bool = False) -> float:
        lo, hi = limits.lo, limits.hi
        v = node.value
        ok_type = isinstance(v, int) if integer else isinstance(v, int | float)
        if isinstance(v, bool) or not ok_type:
            kind = "a whole number" if integer else "a number"
            fix = "; remove the quotes" if quoted_number(v) else ""
            raise self.fail(
                f"{what} must be {kind} between {lo:g} and {hi:g}, got {show(v)}{fix}",
                node.where,
            )
        # compare before isfinite: an int of 400 digits overflows float()
        if not lo <= v <= hi or not math.isfinite(v):
            raise self.fail(f"{what} must be between {lo:g} and {hi:g}, got {show(v)}", node.where)
        return v

    def duration(
        self, node: Node, what: str, limits: Range = PAUSE_S, *, zero_ok: bool = False
    ) -> float:
        """Seconds, as a number or text ("90s", "2m"); more than zero unless ``zero_ok``."""
        lo, hi = limits.lo, limits.hi
        try:
            seconds = textrules.parse_duration(node.value, zero_ok=zero_ok)
        except ValueError as exc:
            raise self.fail(f"{what}: {exc}", node.where) from None
        if seconds > hi:
            raise self.fail(f"{what} is {seconds:g} s; the most allowed is {hi:g} s", node.where)
        if seconds < lo:
            bare = isinstance(node.value, int) or str(node.value).strip().isdigit()
            hint = (  # "length: 20" meant twenty minutes
                f" (a number alone is seconds); for minutes, write {seconds:g}m"
                if bare and lo <= seconds * 60 <= hi
                else ""
            )
            raise self.fail(
                f"{what} must be at least {lo:g} s, got {seconds:g} s{hint}", node.where
            )
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
        if isinstance(value, str) and value not in options:
            value = {o.casefold(): o for o in options}.get(value.strip().casefold(), value)
        if not isinstance(value, str) or value not in options:
            hint = difflib.get_close_matches(str(value), options, n=1)
            fix = f"did you mean {hint[0]!r}?" if hint else f"use one of: {', '.join(options)}"
            raise self.fail(f"{what} {show(value)} is not known; {fix}", node.where)
        return value

    def boolean(self, node: Node, what: str) -> bool:
        if not isinstance(node.value, bool):
            raise self.fail(f"{what} must be true or false, got {show(node.value)}", node.where)
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
            problem = unknown_rule(rule.lower())
            if problem:
                raise self.fail(problem, item.where)
            out.append(rule.lower())
        return tuple(out)

    def resolve(self, node: Node, what: str) -> Path:
        raw = self.string(node, what).strip()
        try:
            path = Path(raw).expanduser()
        except RuntimeError:  # "~someone/x" for a user that does not exist, or no home folder
            raise self.fail(
                f"{what}: cannot find the home folder in {show(raw)}; write the full path",
                node.where,
            ) from None
        return path if path.is_absolute() else (self.base_dir / path)


def unknown_rule(rule: str) -> str | None:
    """Why ``rule`` cannot be allowed (it is no lint rule), with the nearest id; None if it is."""
    known = allowable_rule_ids()
    if rule in known:
        return None
    hint = difflib.get_close_matches(rule, known, n=1, cutoff=0.5)
    fix = f"did you mean {hint[0]!r}?" if hint else f"rules: {', '.join(known)}"
    return f"allow names an unknown lint rule {rule!r}, so it allows nothing; {fix}"


def unknown(key: object, allowed: tuple[str, ...], what: str) -> str:
    hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
    fix = f"did you mean {hint[0]!r}?" if hint else f"allowed: {', '.join(allowed)}"
    return f"unknown key {show(key)} in {what}; {fix}"


def quoted_number(value: object) -> bool:
    """A number in quotes ("140"): YAML reads bare digits as a number, so this one had quotes."""
    return (
        isinstance(value, str) and re.fullmatch(r"\s*[+-]?(\d+\.?\d*|\.\d+)\s*", value) is not None
    )


def show(value: object) -> str:
    """A value as the author wrote it, short: lists and mappings by kind, not as Node trees."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return textrules.shown(value)


def plain_text_problem(value: str) -> str | None:
    if not value.strip():
        return "is empty"
    if len(value) > MAX_TEXT_CHARS:
        return f"is {len(value)} characters; the most is {MAX_TEXT_CHARS}"
    for ch in value:
        if ch in "\n\t":
            continue
        # C0/C1 controls, DEL, lone surrogates, bidi overrides, line separators: they corrupt
        # terminals, file names and tags, and cannot be written as UTF-8 (surrogates)
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI_CONTROLS:
            return f"contains an invisible control character (U+{ord(ch):04X}); remove it"
    return None


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
