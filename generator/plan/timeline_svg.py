"""Plan → an SVG picture of the session's timeline. Pure: no I/O.

A teacher checking the shape of a session wants to see at a glance where the chapters fall, where
the voice speaks, how long the holds and silences are, where breathing and check-ins happen and
where bells ring. So the picture has one lane per kind of thing on a shared time axis.

Every mark carries ``class`` and ``data-start``/``data-end`` (seconds), and the root carries the
plot's scale (``data-plot-x``, ``data-plot-width``, ``data-duration``), so tests and tools can
check the picture against the plan without reading pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.plan import roles
from generator.plan import svg_text as sx
from generator.plan.types import Event, Plan
from generator.script.text import format_duration

WIDTH = 1200
PLOT_X = 130.0  # room on the left for the lane labels
PLOT_RIGHT = 40.0  # room on the right for the last tick label
PLOT_WIDTH = WIDTH - PLOT_X - PLOT_RIGHT
FONT = "sans-serif"
MIN_TICK_PX = 64.0  # tick labels never crowd each other
TICK_STEPS_S = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)
BREATH_ROLES = frozenset({*roles.BREATH_PHASES, roles.NATURAL})

INK = "#2f3b40"
MUTED = "#66737a"
GRID = "#e3e6e4"
LANE_BG = "#f5f6f4"
CHAPTER_FILLS = ("#d6e6e1", "#ebe1d0", "#dcd8ea", "#dbe8d2", "#f1dfd5", "#d3e0ec")
COLOURS = {
    "speech": "#5b7f95",
    "check-in": "#c28a5a",
    "hold": "#8fb39a",
    "pause": "#cdd3d0",
    "breath": "#9b90c4",
    "bell": "#a87a52",
    "chime": "#d8bc98",
}
LEGEND = (
    ("speech", "Speech"),
    ("check-in", "Check-in"),
    ("hold", "Pose hold"),
    ("pause", "Silence"),
    ("breath", "Breathing"),
    ("bell", "Bell"),
    ("chime", "Soft chime"),
)

BOLD = 1.15  # bold text is about this much wider
TITLE_SIZE = 20.0
SUBTITLE_SIZE = 13.0
LABEL_SIZE = 12.0
CHAPTER_SIZE = 12.0
TICK_SIZE = 11.0
HEADER_H = 72.0
CHAPTER_H = 40.0
LANE_H = 22.0
LANE_GAP = 8.0


@dataclass(frozen=True)
class Lane:
    """One row of the picture: a label and the marks drawn in it."""

    key: str
    label: str


LANES = (
    Lane("speech", "Speech"),
    Lane("check-in", "Check-ins"),
    Lane("hold", "Holds & silence"),
    Lane("breath", "Breathing"),
    Lane("tone", "Bells & chimes"),
)


def timeline_svg(plan: Plan, title: str) -> str:
    """The plan as a self-contained SVG document (about 1200 px wide, as tall as its lanes).

    ``title`` is shown as given (escaped), so a caller can label a fitted variant differently.
    """
    sr = plan.sample_rate
    duration_s = plan.duration / sr
    scale = PLOT_WIDTH / max(duration_s, 1e-9)  # px per second

    def x(samples: int) -> float:
        return PLOT_X + samples / sr * scale

    top = HEADER_H
    chapters_y = top
    if plan.chapters:
        top += CHAPTER_H + 10
    lanes_y = top
    lane_y = {lane.key: lanes_y + i * (LANE_H + LANE_GAP) for i, lane in enumerate(LANES)}
    axis_y = lanes_y + len(LANES) * (LANE_H + LANE_GAP) + 2
    legend_y = axis_y + 44
    height = round(legend_y + 26)
    plot_bottom = axis_y

    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" role="img" '
        f'aria-labelledby="timeline-title" data-plot-x="{sx.n(PLOT_X)}" '
        f'data-plot-width="{sx.n(PLOT_WIDTH)}" data-duration="{sx.s(plan.duration, sr)}">',
        f'<title id="timeline-title">{sx.text(f"{sx.clean(title)} — timeline")}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    out += _header(plan, title)
    steps = _ticks(duration_s)
    out += _grid(steps, scale, chapters_y if plan.chapters else lanes_y, plot_bottom)
    if plan.chapters:
        out += _chapter_bands(plan, x, chapters_y)
    out += _lanes(plan, x, lane_y)
    out += _axis(steps, scale, axis_y)
    out += _legend(legend_y)
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- parts of the picture -------------------------------------------------------------------------


def _header(plan: Plan, title: str) -> list[str]:
    """Title and total length: the first thing a teacher checks."""
    sr = plan.sample_rate
    room = WIDTH - 2 * 24
    shown = sx.fit(sx.clean(title), TITLE_SIZE * BOLD, room) or "…"
    n = len(plan.chapters)
    facts = [f"{format_duration(plan.duration / sr)} total"]
    facts.append(f"{n} chapter{'s' if n != 1 else ''}" if n else "no chapters")
    for label, seconds in (
        ("speaking", sum(e.end - e.start for e in plan.events if e.kind == "speech") / sr),
        ("in holds", sum(e.end - e.start for e in _holds(plan.events)) / sr),
        ("breathing", sum(end - start for start, end, _ in breath_blocks(plan.events)) / sr),
    ):
        if seconds >= 0.5:
            facts.append(f"{format_duration(seconds)} {label}")
    return [
        f'<clipPath id="title-clip"><rect x="0" y="0" width="{sx.n(WIDTH - 24)}" '
        f'height="{sx.n(HEADER_H)}"/></clipPath>',
        f'<text x="24" y="34" font-size="{sx.n(TITLE_SIZE)}" font-weight="bold" fill="{INK}" '
        f'class="title" clip-path="url(#title-clip)">{sx.text(shown)}</text>',
        f'<text x="24" y="56" font-size="{sx.n(SUBTITLE_SIZE)}" fill="{MUTED}" '
        f'class="subtitle">{sx.text(" · ".join(facts))}</text>',
    ]


def _grid(steps: list[float], scale: float, y0: float, y1: float) -> list[str]:
    """Faint vertical lines at the ticks, so a mark's time can be read across the lanes."""
    return [
        f'<line x1="{sx.n(PLOT_X + t * scale)}" y1="{sx.n(y0)}" x2="{sx.n(PLOT_X + t * scale)}" '
        f'y2="{sx.n(y1)}" stroke="{GRID}" stroke-width="1"/>'
        for t in steps
    ]


def _chapter_bands(plan: Plan, x: Callable[[int], float], y: float) -> list[str]:
    """One coloured band per chapter with its title, cut to fit so it never runs into the next."""
    sr = plan.sample_rate
    out = ['<g class="chapters">']
    for i, c in enumerate(plan.chapters):
        x0, x1 = x(c.start), x(c.end)
        w = max(x1 - x0, 0.0)
        fill = CHAPTER_FILLS[i % len(CHAPTER_FILLS)]
        clean = sx.clean(c.title)
        length = format_duration((c.end - c.start) / sr)
        out.append(
            f'<rect class="chapter" data-start="{sx.s(c.start, sr)}" data-end="{sx.s(c.end, sr)}" '
            f'data-title="{sx.attr(clean)}" x="{sx.n(x0)}" y="{sx.n(y)}" width="{sx.n(w)}" '
            f'height="{sx.n(CHAPTER_H)}" fill="{fill}" stroke="#ffffff" stroke-width="1">'
            f"<title>{sx.text(f'{clean} ({format_duration(c.start / sr)}, {length})')}</title></rect>"
        )
        label = sx.fit_title(clean, CHAPTER_SIZE, w - 8)
        if label:
            clip = f"chapter-clip-{i}"
            out.append(
                f'<clipPath id="{clip}"><rect x="{sx.n(x0 + 2)}" y="{sx.n(y)}" '
                f'width="{sx.n(max(w - 4, 0.0))}" height="{sx.n(CHAPTER_H)}"/></clipPath>'
            )
            out.append(
                f'<text class="chapter-title" data-start="{sx.s(c.start, sr)}" x="{sx.n(x0 + 4)}" '
                f'y="{sx.n(y + CHAPTER_H / 2 + 4)}" '
                f'font-size="{sx.n(CHAPTER_SIZE)}" fill="{INK}" clip-path="url(#{clip})">'
                f"{sx.text(label)}</text>"
            )
    out.append("</g>")
    return out


def _lanes(plan: Plan, x: Callable[[int], float], lane_y: dict[str, float]) -> list[str]:
    """The lane backgrounds and labels, then every mark in its lane."""
    sr = plan.sample_rate
    out: list[str] = []
    for lane in LANES:
        y = lane_y[lane.key]
        out.append(
            f'<rect class="lane" x="{sx.n(PLOT_X)}" y="{sx.n(y)}" width="{sx.n(PLOT_WIDTH)}" '
            f'height="{sx.n(LANE_H)}" fill="{LANE_BG}" opacity="0.7"/>'
        )
        out.append(
            f'<text class="lane-label" x="{sx.n(PLOT_X - 10)}" y="{sx.n(y + LANE_H / 2 + 4)}" '
            f'font-size="{sx.n(LABEL_SIZE)}" fill="{MUTED}" text-anchor="end">{sx.text(lane.label)}</text>'
        )

    def bar(kind: str, start: int, end: int, tip: str, min_w: float = 1.0) -> str:
        y = lane_y["hold" if kind == "pause" else kind]
        x0 = x(start)
        w = max(x(end) - x0, min_w)
        return (
            f'<rect class="mark {kind}" data-start="{sx.s(start, sr)}" data-end="{sx.s(end, sr)}" '
            f'x="{sx.n(x0)}" y="{sx.n(y + 3)}" width="{sx.n(w)}" height="{sx.n(LANE_H - 6)}" '
            f'fill="{COLOURS[kind]}" rx="1.5"><title>{sx.text(tip)}</title></rect>'
        )

    def at(e: Event) -> str:
        return format_duration(e.start / sr)

    def span(e: Event) -> str:
        return format_duration((e.end - e.start) / sr)

    out.append('<g class="marks">')
    for e in plan.events:
        if e.kind == "speech" and e.role == "check_in":
            out.append(
                bar("check-in", e.start, e.end, f"{at(e)} check-in: {sx.clean(e.text or '')}", 2.0)
            )
        elif e.kind == "speech":
            out.append(bar("speech", e.start, e.end, f"{at(e)} {sx.clean(e.text or '')}"))
        elif e.kind == "pause":
            what = "silence" if e.role == "silence" else "pause"
            out.append(bar("pause", e.start, e.end, f"{at(e)} {what}, {span(e)}"))
        elif e.kind == "hold" and e.role not in BREATH_ROLES:
            side = e.role.partition(":")[2]
            name = f"hold, {side} side" if side else "hold"
            out.append(bar("hold", e.start, e.end, f"{at(e)} {name}, {span(e)}"))
    for start, end, phases in breath_blocks(plan.events):
        tip = f"{format_duration(start / sr)} breathing, {format_duration((end - start) / sr)}"
        if phases > 1:
            tip += f", {phases} phases"
        out.append(bar("breath", start, end, tip, 2.0))
    tone_y = lane_y["tone"] + LANE_H / 2
    for e in plan.events:
        if e.kind != "tone":
            continue
        chime = e.strikes == roles.CHIME_STRIKES
        kind = "chime" if chime else "bell"
        tip = f"{at(e)} soft chime" if chime else f"{at(e)} bell, {e.strikes}×"
        out.append(
            f'<circle class="mark {kind}" data-start="{sx.s(e.start, sr)}" '
            f'data-end="{sx.s(e.end, sr)}" cx="{sx.n(x(e.start))}" cy="{sx.n(tone_y)}" '
            f'r="{3.5 if chime else 5.5}" fill="{COLOURS[kind]}" stroke="#ffffff" '
            f'stroke-width="1"><title>{sx.text(tip)}</title></circle>'
        )
    out.append("</g>")
    return out


def _axis(steps: list[float], scale: float, y: float) -> list[str]:
    """The time axis: a line, a tick and a label at every step."""
    step = steps[1] - steps[0] if len(steps) > 1 else 60.0
    out = [
        f'<line class="axis" x1="{sx.n(PLOT_X)}" y1="{sx.n(y)}" x2="{sx.n(PLOT_X + PLOT_WIDTH)}" '
        f'y2="{sx.n(y)}" stroke="{MUTED}" stroke-width="1"/>'
    ]
    for t in steps:
        tx = sx.n(PLOT_X + t * scale)
        out.append(
            f'<line class="tick" data-t="{sx.n(t)}" x1="{tx}" y1="{sx.n(y)}" x2="{tx}" '
            f'y2="{sx.n(y + 5)}" stroke="{MUTED}" stroke-width="1"/>'
        )
        out.append(
            f'<text class="tick-label" x="{tx}" y="{sx.n(y + 18)}" font-size="{sx.n(TICK_SIZE)}" '
            f'fill="{MUTED}" text-anchor="middle">{sx.text(tick_label(t, step))}</text>'
        )
    return out


def _legend(y: float) -> list[str]:
    """A small key: what each colour means."""
    out = ['<g class="legend">']
    cx = PLOT_X
    out.append(
        f'<rect x="{sx.n(cx)}" y="{sx.n(y - 9)}" width="14" height="10" fill="{CHAPTER_FILLS[0]}" '
        f'stroke="{GRID}"/>'
    )
    out.append(
        f'<text x="{sx.n(cx + 19)}" y="{sx.n(y)}" font-size="{sx.n(LABEL_SIZE)}" fill="{MUTED}">'
        "Chapter</text>"
    )
    cx += 19 + sx.width("Chapter", LABEL_SIZE) + 18
    for kind, label in LEGEND:
        if kind in ("bell", "chime"):
            r = 5.5 if kind == "bell" else 3.5
            out.append(
                f'<circle cx="{sx.n(cx + 7)}" cy="{sx.n(y - 4)}" r="{r}" fill="{COLOURS[kind]}"/>'
            )
        else:
            out.append(
                f'<rect x="{sx.n(cx)}" y="{sx.n(y - 9)}" width="14" height="10" rx="1.5" '
                f'fill="{COLOURS[kind]}"/>'
            )
        out.append(
            f'<text x="{sx.n(cx + 19)}" y="{sx.n(y)}" font-size="{sx.n(LABEL_SIZE)}" fill="{MUTED}">'
            f"{sx.text(label)}</text>"
        )
        cx += 19 + sx.width(label, LABEL_SIZE) + 18
    out.append("</g>")
    return out


# -- what the picture is made from ----------------------------------------------------------------


def breath_blocks(events: tuple[Event, ...] | list[Event]) -> list[tuple[int, int, int]]:
    """Breathing blocks as ``(start, end, phases)``: runs of back-to-back breath phases from the
    same script line. One block reads better than dozens of 4-second slivers."""
    blocks: list[tuple[int, int, int, int]] = []  # start, end, phases, line
    phases = sorted(
        (e for e in events if e.kind == "hold" and e.role in BREATH_ROLES), key=lambda e: e.start
    )
    for e in phases:
        if blocks and blocks[-1][1] == e.start and blocks[-1][3] == e.line:
            start, _, n, line = blocks[-1]
            blocks[-1] = (start, e.end, n + 1, line)
        else:
            blocks.append((e.start, e.end, 1, e.line))
    return [(s, end, n) for s, end, n, _ in blocks]


def _holds(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    """Pose holds (not breath phases, which are drawn as blocks)."""
    return [e for e in events if e.kind == "hold" and e.role not in BREATH_ROLES]


def tick_step(duration_s: float) -> float:
    """The tick spacing in seconds: the finest of 5 s … 2 h that keeps labels apart.

    A one-minute session gets ticks every 5–10 s, a 13-minute one every minute, 4 hours every
    15–30 minutes.
    """
    scale = PLOT_WIDTH / max(duration_s, 1e-9)
    for step in TICK_STEPS_S:
        if step * scale >= MIN_TICK_PX:
            return float(step)
    return float(TICK_STEPS_S[-1])


def _ticks(duration_s: float) -> list[float]:
    step = tick_step(duration_s)
    count = int(duration_s / step + 1e-9)
    return [k * step for k in range(count + 1)]


def tick_label(t: float, step: float) -> str:
    """``0:30`` for seconds steps, ``5 min`` / ``1 h 30`` for minute steps: how a teacher says it."""
    total = round(t)
    if t == 0:
        return "0"
    if step < 60:
        return format_duration(total)
    h, m = divmod(total // 60, 60)
    if h == 0:
        return f"{m} min"
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"
