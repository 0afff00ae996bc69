"""The segments of a script, each read from its mapping: speak, pause, pose, breath, chapter, bell."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from generator.script import format as fmt
from generator.script.model import Bell, Breath, Chapter, Pause, Pose, Segment, Speak
from generator.script.reader import Reader, show
from generator.script.yamlnodes import Node


def read_segments(r: Reader, node: Node, language: str) -> tuple[Segment, ...]:
    if not isinstance(node.value, list):
        raise r.fail("segments must be a list, each item starting with '- '", node.where)
    if not node.value:
        raise r.fail(
            'segments is empty; add at least one item such as - speak: "Welcome."', node.where
        )
    if len(node.value) > fmt.MAX_SEGMENTS:
        raise r.fail(
            f"{len(node.value)} segments; the most allowed is {fmt.MAX_SEGMENTS}", node.where
        )
    return tuple(_segment(r, item, language) for item in node.value)


def _segment(r: Reader, node: Node, language: str) -> Segment:
    if isinstance(node.value, str) and node.value.strip():
        glued = re.match(r"\s*([a-z]+):(\S.*)", node.value)
        if glued and glued.group(1) in fmt.SEGMENT_KINDS:
            kind, rest = glued.groups()
            raise r.fail(
                f"put a space after ':' in {node.value!r}; write - {kind}: {rest}", node.where
            )
        spaced = re.match(r"\s*([a-z]+)\s+(\S.*)", node.value)
        if (
            spaced
            and spaced.group(1) in fmt.SEGMENT_KINDS
            and (spaced.group(1) != "pause" or spaced.group(2)[0].isdigit())
        ):  # "- pause 10", "- pose pigeon": its ':' left out (not "- pause and breathe")
            kind, rest = spaced.groups()
            raise r.fail(
                f"{node.value!r} has no ':' after its key; write - {kind}: {rest}", node.where
            )
        # "- pigeon" or "- Welcome." is a common slip; say what shape is wanted
        raise r.fail(
            f"a segment needs a kind key, e.g. - speak: {node.value!r} or - pose: {node.value!r}",
            node.where,
        )
    if not isinstance(node.value, dict):
        raise r.fail(
            f"a segment must be a mapping with one of: {', '.join(fmt.SEGMENT_KINDS)}", node.where
        )
    kinds = [k for k in node.value if k in fmt.SEGMENT_KINDS]
    if not node.value:
        raise r.fail(
            f"a segment must be a mapping with one of: {', '.join(fmt.SEGMENT_KINDS)}", node.where
        )
    if not kinds:
        first = str(next(iter(node.value), ""))
        meant = fmt.KIND_SYNONYMS.get(first.strip().lower())
        if meant is None:
            hint = difflib.get_close_matches(first, fmt.SEGMENT_KINDS, n=1, cutoff=0.5)
            meant = hint[0] if hint else None
        fix = f"did you mean {meant!r}?" if meant else f"use one of: {', '.join(fmt.SEGMENT_KINDS)}"
        raise r.fail(f"unknown segment kind {show(first)}; {fix}", node.where)
    if len(kinds) > 1:
        raise r.fail(
            f"a segment has exactly one kind key, found {' and '.join(kinds)}; split it into two items",
            node.value[kinds[1]].key_line,
        )
    kind = kinds[0]
    f = r.mapping(node, fmt.SEGMENT_KEYS[kind], f"a {kind} segment")
    line = f[kind].key_line
    return _READERS[kind](r, f, line, language)


def _speak(r: Reader, f: dict[str, Node], line: int, language: str) -> Segment:
    return Speak(r.string(f["speak"], "speak", speak=True, language=language), line, r.allow(f))


def _pause(r: Reader, f: dict[str, Node], line: int, language: str) -> Segment:
    silent = r.boolean(f["silent"], "silent") if "silent" in f else False
    return Pause(r.duration(f["pause"], "pause", fmt.PAUSE_S), line, silent)


def _chapter(r: Reader, f: dict[str, Node], line: int, language: str) -> Segment:
    title = r.string(f["chapter"], "chapter").strip()
    if len(title) > fmt.MAX_CHAPTER_CHARS:
        raise r.fail(
            f"chapter titles are limited to {fmt.MAX_CHAPTER_CHARS} characters; shorten it", line
        )
    return Chapter(title, line)


def _bell(r: Reader, f: dict[str, Node], line: int, language: str) -> Segment:
    value = f["bell"]
    if value.value is None:
        return Bell(line)
    if isinstance(value.value, int) and not isinstance(value.value, bool):
        return Bell(line, int(r.number(value, "bell strikes", fmt.BELL_STRIKES, integer=True)))
    fields = r.mapping(value, ("strikes",), "bell")
    strikes = fields.get("strikes")
    return Bell(
        line,
        int(r.number(strikes, "bell strikes", fmt.BELL_STRIKES, integer=True)) if strikes else 1,
    )


def _pose(r: Reader, f: dict[str, Node], line: int, language: str) -> Segment:
    name = r.string(f["pose"], "pose").strip()
    texts = {
        k: r.string(f[k], f"pose {k}", speak=True, language=language) if k in f else None
        for k in ("cue", "switch", "exit")
    }
    return Pose(
        pose=name,
        hold=r.duration(f["hold"], "hold", fmt.HOLD_S) if "hold" in f else None,
        line=line,
        sides=r.choice(f["sides"], "sides", fmt.SIDES) if "sides" in f else None,
        safety_note=r.boolean(f["safety_note"], "pose safety_note") if "safety_note" in f else True,
        allow=r.allow(f),
        **texts,
    )


def _breath(r: Reader, f: dict[str, Node], line: int, language: str) -> Segment:
    value = f["breath"]
    kw: dict[str, Any] = {}
    if isinstance(value.value, str):
        kw["pattern"] = r.string(value, "breath pattern").strip()
        fields: dict[str, Node] = {}
    else:
        fields = r.mapping(value, fmt.BREATH_KEYS, "breath")
        if "pattern" in fields:
            kw["pattern"] = r.string(fields["pattern"], "breath pattern").strip()
    for key in ("rounds", "override"):
        if key in f and key in fields:
            raise r.fail(f"{key} is given twice; keep one", f[key].key_line)
    merged = {**fields, **{k: f[k] for k in ("rounds", "override") if k in f}}
    for key in ("inhale", "exhale", "hold_in", "hold_out"):
        if key in merged:
            kw[key] = r.duration(merged[key], f"breath {key}", fmt.BREATH_PHASE_S)
    if "pattern" not in kw and ("inhale" not in kw or "exhale" not in kw):
        raise r.fail(
            "breath needs a pattern (e.g. breath: extended_exhale) or inhale: and exhale: seconds",
            value.where,
        )
    if "rounds" in merged:
        kw["rounds"] = int(
            r.number(merged["rounds"], "breath rounds", fmt.BREATH_ROUNDS, integer=True)
        )
    if "override" in merged:
        kw["override"] = r.boolean(merged["override"], "breath override")
    return Breath(line=line, allow=r.allow(f), **kw)


_READERS: dict[str, Callable[[Reader, dict[str, Node], int, str], Segment]] = {
    "speak": _speak,
    "pause": _pause,
    "pose": _pose,
    "breath": _breath,
    "chapter": _chapter,
    "bell": _bell,
}
