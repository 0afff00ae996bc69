"""YAML's problems in plain words: PyYAML's messages (token names, marks, "mapping values are not
allowed here") become one sentence that names the line to fix and says how, and characters that
only look like YAML's space or ':' are caught before PyYAML misreads them."""

from __future__ import annotations

import re
import unicodedata

import yaml

from generator.errors import InputError


def reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> InputError:
    """A character YAML refuses (a control character): name it and its line."""
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position) + 1
    char = exc.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return InputError(
        f"the script contains a control character ({code}) YAML does not allow; remove it",
        path,
        line,
    )


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # the breaks PyYAML counts
# ':' look-alikes an input method or a copy from a document slips in: full-width, small, vertical
# form, ratio and modifier letter colons
_COLON_LOOKALIKES = "\uff1a\ufe55\ufe13\u2236\ua789"
_LEAD = re.compile(
    r"^(?P<indent>\s*)(?:-(?P<dash>\s+))?"
    rf"(?:(?P<key>[A-Za-z_][\w-]*)[ ]*(?:(?P<colon>[{_COLON_LOOKALIKES}])|:(?P<after>\s)))?"
)


def source_lines(text: str) -> list[str]:
    """``text`` split where PyYAML counts a new line (so marks index the list)."""
    return _LINE_BREAK.split(text)


def _odd_space(run: str | None) -> str | None:
    """The first space character in ``run`` that YAML does not count as a space."""
    for ch in run or "":
        if ch not in " \t\r\n" and unicodedata.category(ch) == "Zs":
            return ch
    return None


_SPACE_NAMES = {
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u3000": "a full-width space",
}


def _space_name(ch: str) -> str:
    """``a non-breaking space (U+00A0)``: what the author can search for in the editor."""
    name = _SPACE_NAMES.get(ch) or f"an unusual space ({unicodedata.name(ch, '?').lower()})"
    return f"{name} (U+{ord(ch):04X})"


def check_lookalikes(text: str, path: str) -> None:
    """Characters that look like YAML's space and ':' but are not (a non-breaking space pasted
    from a web page, a full-width colon from an input method): YAML reads them as text, and the
    error it then gives points elsewhere and says nothing about them."""
    for number, line in enumerate(source_lines(text), 1):
        m = _LEAD.match(line)
        if m is None:  # pragma: no cover - the pattern matches every line
            continue
        if ch := _odd_space(m["indent"]):
            raise InputError(
                f"this line is indented with {_space_name(ch)}, which YAML does not read as "
                "indentation; retype the indent with ordinary spaces",
                path,
                number,
            )
        if ch := _odd_space(m["dash"]):
            raise InputError(
                f"the '-' on this line is followed by {_space_name(ch)}; use an ordinary space "
                "after '-'",
                path,
                number,
            )
        if m["colon"]:
            raise InputError(
                f"{m['key']!r} is followed by a full-width colon '{m['colon']}' "
                f"(U+{ord(m['colon']):04X}); use an ordinary ':' and a space: {m['key']}: …",
                path,
                number,
            )
        if ch := _odd_space(m["after"]):
            raise InputError(
                f"the ':' after {m['key']!r} is followed by {_space_name(ch)}, which YAML does "
                "not read as a space; use an ordinary space after ':'",
                path,
                number,
            )


def syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> InputError:
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark
    lines = source_lines(text)
    if "could not find expected ':'" in problem and opened is not None:
        # PyYAML notices a key without ':' only where the next one starts: name the key's line
        line = opened.line + 1
        return InputError(f"YAML syntax error: {_missing_colon(_at(lines, line))}", path, line)
    if opened is not None and mark is not None and opened.line < mark.line:
        context = (exc.context or "").strip()
        at_end = "end of stream" in problem or "<stream end>" in problem
        if at_end and "quoted" in context:
            # the end of the file is not where to look: the quote that never closes is
            return InputError(
                "YAML syntax error: this quote is never closed; add the closing quote",
                path,
                opened.line + 1,
            )
        if "flow" in context and at_end:
            return InputError(
                "YAML syntax error: this bracket is never closed; add the closing ] or }",
                path,
                opened.line + 1,
            )
        if "flow" in context:
            return InputError(
                f"YAML syntax error: {_plain_tokens(problem)} (the bracket opened on line "
                f"{opened.line + 1} is not closed, or a comma is missing)",
                path,
                mark.line + 1,
            )
    line = mark.line + 1 if mark else 1
    if "mapping values are not allowed" in problem and line > 1:
        # "rate:140" then "name: x": YAML reads both lines as one text; the first is to fix
        above = _previous_line(lines, line)
        text_above = _at(lines, above)
        if _GLUED.match(_key_part(text_above)) and not re.search(r":\s", text_above):
            return InputError(f"YAML syntax error: {_missing_colon(text_above)}", path, above)
        if keyed := _key_without_colon(text_above):  # "- pose butterfly" then "hold: 2m"
            said, meant = keyed
            return InputError(
                f"YAML syntax error: {said!r} has no ':' after its key; write {meant!r}",
                path,
                above,
            )
    line = min(line, max(len(text.splitlines()), 1))  # "end of stream" may point past the end
    column = mark.column if mark and mark.line + 1 == line else 0
    message = _plain_problem(problem, lines, line, column)
    before = _at(lines, line)[:column].rstrip()
    if (
        message.startswith("there is more text after the closing quote")
        and before.count(before[-1:] or "\0") == 1
    ):  # the first quote on this line closes one left open above it
        above = _previous_line(lines, line)
        if above and _at(lines, above).count(before[-1]) % 2 == 1:
            return InputError(
                "YAML syntax error: this quote is never closed (the next line's quote closes "
                "it instead); add the closing quote at the end of this line",
                path,
                above,
            )
    return InputError(f"YAML syntax error: {message}", path, line)


def _at(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _key_without_colon(text: str) -> tuple[str, str] | None:
    """(as written, as meant) when ``text`` is a script key and its value with no ':' between
    (``- pose butterfly``): a tester's YAML error said to put the next line in quotes."""
    from generator.script.format import SEGMENT_KEYS, TOP_KEYS

    keys = {*TOP_KEYS, *(k for kind in SEGMENT_KEYS.values() for k in kind)}
    found = re.match(r"^\s*(?:-\s+)?([A-Za-z_]+)\s+([^:#]+?)\s*$", text)
    if not found or found.group(1) not in keys:
        return None
    return f"{found.group(1)} {found.group(2)}", f"{found.group(1)}: {found.group(2)}"


def _previous_line(lines: list[str], line: int) -> int:
    """The number of the nearest line above ``line`` that holds more than a comment (0: none)."""
    for i in range(min(line, len(lines) + 1) - 2, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i + 1
    return 0


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


_GLUED = re.compile(r"([^\s:#'\"]+):(\S.*)")  # title:T


def _key_part(line: str) -> str:
    """A line without its list dash, indentation and trailing comment."""
    body = re.sub(r"^\s*-\s+", "", line).strip()
    return re.split(r"\s#", body, maxsplit=1)[0].strip()


def _missing_colon(current: str) -> str:
    """A line YAML wanted to read as ``key: value`` and could not: say what it lacks."""
    body = _key_part(current)
    glued = _GLUED.match(body)
    if glued:
        key, value = glued.groups()
        return (
            f"{key + ':' + value!r} has no space after ':'; put a space after ':' ({key}: {value})"
        )
    colon = re.search(r":(\s|$)", body)
    if colon and colon.start() > 1024:
        return (
            "expected ':' within 1024 characters; a YAML key is at most 1024 characters long, "
            "so shorten this one"
        )
    if keyed := _key_without_colon(current):  # "title Bad thing"
        return f"{keyed[0]!r} has no ':' after its key; write {keyed[1]!r}"
    shown = body if len(body) <= 40 else body[:39] + "…"
    return (
        f"expected ':' after {shown!r}; each line needs `key: value` (if this line goes on "
        "with the text above it, indent it under that text)"
    )


_TOKEN_WORDS = {  # quoted forms first: "<block end>" also appears bare
    "'<block end>'": "the end of the indented block",
    "<block end>": "the end of the indented block",
    "'<block sequence start>'": "a list item ('- ')",
    "'<block mapping start>'": "a new key",
    "'<scalar>'": "text",
    "'<stream end>'": "the end of the file",
    "'<document start>'": "a document start ('---')",
    "'<document end>'": "a document end ('...')",
    "'<alias>'": "an alias ('*')",
    "'<anchor>'": "an anchor ('&')",
    "'<tag>'": "a tag ('!')",
    "'<flow sequence start>'": "'['",
    "'<flow mapping start>'": "'{'",
}


def _plain_tokens(problem: str) -> str:
    """PyYAML's token names (``'<block mapping start>'``) in plain words."""
    for token, words in _TOKEN_WORDS.items():
        problem = problem.replace(token, words)
    return problem


def _plain_problem(problem: str, lines: list[str], line: int, column: int) -> str:
    """PyYAML's wording for the problem at ``line``:``column``, as a plain sentence with a fix."""
    current = _at(lines, line)
    if "\t" in current or "tab" in problem:
        return "this line has a tab; YAML does not allow tabs for indentation (indent with spaces)"
    if "mapping values are not allowed" in problem:
        previous = _at(lines, _previous_line(lines, line))
        if _indent(current) > _indent(previous) and re.search(r":\s+\S", previous):
            return (
                "this line is indented deeper than the line above, so YAML reads it as more of "
                "that line's value; check the indentation of this line (line it up with the "
                "line above)"
            )
        return "this text holds ': ', which YAML reads as a new key; put the text in quotes"
    found = re.match(r"expected <block end>, but found ('.*')$", problem)
    if found:
        return _misplaced(found.group(1), current, column)
    if problem.startswith("expected '<document start>'"):
        return (
            "there is more after the end of the document ('...'); remove the '...' line or "
            "what follows it (YAML expected a new document start, '---', and a script has one "
            "document)"
        )
    cannot_start = re.match(r"found character ('.+') that cannot start any token", problem)
    if cannot_start:
        return f"text cannot start with {cannot_start.group(1)} in YAML; put the text in quotes"
    flow = re.match(r"expected ',' or '([\]}])', but got ('.*')$", problem)
    if flow:
        close = flow.group(1)
        pair = "[…]" if close == "]" else "{…}"
        return (
            f"expected ',' or '{close}' but found {_plain_tokens(flow.group(2))}; a comma is "
            f"missing between two items of {pair}, or text holding ': ' needs quotes"
        )
    if problem.startswith("expected the node content"):
        return f"{_plain_tokens(problem)}; put the text in quotes"
    hint = " (check the indentation of this line)" if "indentation" in problem else ""
    return _plain_tokens(problem) + hint


def _misplaced(token: str, current: str, column: int) -> str:
    """ "expected <block end>, but found TOKEN": something where the indented block should end."""
    before = current[:column].rstrip()
    at_indent = column <= _indent(current)
    if token in ("']'", "'}'"):
        return f"this {token[1]} closes nothing (no bracket before it opens one); remove it"
    if not at_indent and before.endswith(("'", '"')):
        return "there is more text after the closing quote; put all of the text inside the quotes"
    if not at_indent and before.endswith(("]", "}")):
        return "there is more text after the closing bracket; remove it, or quote the whole value"
    if token in ("'-'", "'<block sequence start>'"):
        return (
            "a list item ('- ') cannot start here; check the indentation of this line: each '-' "
            "of a list goes under the '-' before it, and the keys of a mapping take no '-'"
        )
    if token == "':'" and current.lstrip().startswith(":"):
        return "this line starts with ':' and has no key before it; write `key: value`"
    return (
        "this line does not line up with the lines above; check the indentation of this line: "
        "the keys of one mapping line up under each other (a new list item starts with '- ')"
    )
