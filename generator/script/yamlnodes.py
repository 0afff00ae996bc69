"""Safe YAML with line numbers: the script becomes a tree of ``Node``s, each knowing its line.

Built on PyYAML's composer (nodes carry marks) and SafeConstructor for scalars only. Aliases and
anchors are refused (no "billion laughs"), as are duplicate keys, merge keys, custom tags and
documents over ``MAX_BYTES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import InputError
from generator.script.format import MAX_BYTES
from generator.script.yaml_errors import (
    check_lookalikes,
    reader_error,
    source_lines,
    syntax_error,
)


@dataclass(frozen=True)
class Node:
    """A YAML value with the 1-based line it starts on. Mappings hold ``dict[str, Node]``."""

    value: Any
    line: int
    key_line: int = 0  # for a mapping value: the line of its key
    text: str | None = None  # a scalar as written (``no`` for False), for messages

    @property
    def where(self) -> int:
        return self.key_line or self.line


_MAX_DEPTH = 20


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases, anchors and deep nesting as it composes."""

    _depth = 0

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self.path = path

    def _refuse(self, message: str, event: Any) -> InputError:
        return InputError(message, self.path, event.start_mark.line + 1)

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise self._refuse("YAML aliases (*name) are not supported; write the value out", event)
        if getattr(event, "anchor", None):
            raise self._refuse("YAML anchors (&name) are not supported; write the value out", event)
        # Refuse deep nesting here, before PyYAML's recursive composer can exhaust the stack.
        if self._depth > _MAX_DEPTH:
            raise self._refuse("the script is nested too deeply; use at most a few levels", event)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def decode(raw: bytes, path: str) -> str:
    """Bytes of a script to text: UTF-8 (a leading BOM is fine), size-limited."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0)
    ):
        raise InputError(
            "the script is saved as UTF-16; save it as UTF-8 (in the editor's encoding menu)",
            path,
            1,
        )
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"the file is over {MAX_BYTES // 1024} KB, the limit for a script; is this the "
            "right file?",
            path,
            1,
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"this line is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the script as UTF-8",
            path,
            line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("the script contains a NUL character; is it a text file?", path, line)
    return text


def parse(text: str, path: str) -> Node:
    """Parse one YAML document into a Node tree, turning every YAML problem into an InputError."""
    try:
        loader = _Loader(text, path)
    except yaml.reader.ReaderError as exc:
        raise reader_error(exc, text, path) from None
    try:
        check_lookalikes(text, path)
        root = loader.get_single_node()
        if root is None:
            raise InputError("the script is empty; start from `holdspace new NAME`", path, 1)
        return _convert(loader, root, path, depth=0)
    except yaml.reader.ReaderError as exc:
        raise reader_error(exc, text, path) from None
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {' '.join(str(exc).split())}", path, 1) from None
    except RecursionError:
        raise InputError(
            "the script is nested too deeply; use at most a few levels", path, 1
        ) from None
    finally:
        loader.dispose()


_SCALAR_TAGS = (
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _convert(loader: _Loader, node: yaml.Node, path: str, depth: int) -> Node:
    line = node.start_mark.line + 1
    if depth > _MAX_DEPTH:
        raise InputError("the script is nested too deeply; use at most a few levels", path, line)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP:
            # 2024-01-31 is a date to YAML; to a script it is text (and 2024-13-45 is no error)
            return Node(node.value, line)
        if node.tag not in _SCALAR_TAGS:
            raise InputError(
                f"unsupported YAML tag {_tag_name(node.tag)!r}; use plain text, numbers and lists",
                path,
                line,
            )
        try:
            value = loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or "a number too large to read"
            raise InputError(
                f"unsupported YAML value ({problem.strip()}); use plain text and ordinary numbers",
                path,
                line,
            ) from None
        return Node(value, line, text=node.value)
    if node.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        raise InputError(
            f"unsupported YAML tag {_tag_name(node.tag)!r}; use plain mappings and lists",
            path,
            line,
        )
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(loader, item, path, depth + 1) for item in node.value], line)
    result: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise InputError("a key must be plain text", path, key_line)
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise InputError("YAML merge keys (<<) are not supported", path, key_line)
        key = key_node.value
        if key in result:
            raise InputError(
                f"duplicate key {key!r} (first on line {result[key].key_line}); keep one",
                path,
                key_line,
            )
        value = _convert(loader, value_node, path, depth + 1)
        result[key] = Node(value.value, value.line, key_line, value.text)
    return Node(result, line)


def _tag_name(tag: str) -> str:
    """``tag:yaml.org,2002:binary`` as the author wrote it: ``!!binary``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def plain(node: Node) -> Any:
    """The node tree as plain Python values (for schema validation and tests)."""
    if isinstance(node.value, dict):
        return {k: plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [plain(v) for v in node.value]
    return node.value


__all__ = ["MAX_BYTES", "Node", "decode", "parse", "plain", "source_lines"]
