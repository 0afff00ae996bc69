"""The plan as text, as ``holdspace plan`` prints it: chapters with their start and length, each
clause with its time (a sentence's later clauses indented under its first), holds, pauses, breath
phases, bells and chimes."""

from __future__ import annotations

from generator.plan import roles
from generator.plan.types import Plan
from generator.script.text import format_duration


def describe_plan(p: Plan, note: str = "") -> str:
    sr = p.sample_rate
    lines = [f"{p.title} — {format_duration(p.duration / sr)}{note}"]
    chapters = list(p.chapters)
    ci = -1
    # in time order: a hold's chimes are placed after its check-ins, and listed among them
    for e in sorted(p.events, key=lambda e: e.start):
        while ci + 1 < len(chapters) and chapters[ci + 1].start <= e.start:
            ci += 1
            c = chapters[ci]
            length = format_duration((c.end - c.start) / sr)
            lines.append(f"\n{format_duration(c.start / sr):>8}  ── {c.title} ({length})")
        t = f"{e.start / sr:8.1f}"
        seconds = (e.end - e.start) / sr
        # a breath phase or a short pause in tenths (a 0.5 s pause is not "0:00")
        length = f"{seconds:.1f}s" if seconds < 10 else format_duration(seconds)
        if e.kind == roles.SPEECH:
            lead = ("· " if e.role in (roles.CHECK_IN, roles.BREATH) else "") + (
                "  " if e.continues else ""
            )
            lines.append(f"{t}  {'':6}{lead}{e.text}")
        elif e.kind == roles.TONE:
            lines.append(f"{t}  {'bell  ' + str(e.strikes) + '×' if e.strikes else 'chime'}")
        else:
            role = e.role if e.role not in (roles.PAUSE, roles.HOLD) else ""
            lines.append(f"{t}  {e.kind:<6}{length} {role}".rstrip())
    return "\n".join(lines)
