"""Cover art: a calm generated square PNG, or the author's own image, for the MP3's APIC frame.

The generated cover is a soft vertical gradient with a few blurred circles and a low wave, the
title (wrapped and sized to fit), the length ("20 minutes") and a small "holdspace" mark: legible
as a phone thumbnail and quiet at full size. The same inputs give the same PNG bytes on a machine;
text uses Pillow's basic layout so libraqm being present or not changes nothing.

Pillow is imported inside the functions: importing ``generator`` stays instant.
"""

from __future__ import annotations

import functools
import io
import math
import random
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import InputError

DEFAULT_SIZE = 1400
MIN_SIZE = 1400  # Apple Podcasts asks for 1400-3000 px square art
MIN_USER_SIDE = 300
MAX_USER_BYTES = 20 * 1024 * 1024
MIMES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_TITLE_LINES = 5
LINE_SPACING = 1.22  # title line height as a multiple of the font size

_FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/local/share/fonts", "/usr/share/fonts")
# (bold, regular) files to try, best first; fonts-dejavu-core provides the first pair on Debian
_FONT_FILES = (
    ("dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans.ttf"),
    ("liberation2/LiberationSans-Bold.ttf", "liberation2/LiberationSans-Regular.ttf"),
    ("liberation/LiberationSans-Bold.ttf", "liberation/LiberationSans-Regular.ttf"),
    ("noto/NotoSans-Bold.ttf", "noto/NotoSans-Regular.ttf"),
    ("freefont/FreeSansBold.ttf", "freefont/FreeSans.ttf"),
)


@dataclass(frozen=True)
class Palette:
    """Two gradient ends, a circle tint and the ink: light and muted, with dark ink for contrast."""

    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    glow: tuple[int, int, int]
    ink: tuple[int, int, int]


PALETTES: tuple[Palette, ...] = (
    Palette((236, 226, 214), (214, 196, 182), (246, 214, 190), (58, 46, 44)),  # sand, dusk
    Palette((222, 232, 230), (190, 210, 212), (236, 244, 238), (34, 52, 58)),  # sea mist
    Palette((232, 228, 238), (206, 198, 220), (246, 226, 232), (46, 40, 64)),  # lavender
    Palette((230, 234, 220), (202, 212, 190), (244, 240, 214), (42, 54, 40)),  # sage
    Palette((238, 224, 220), (218, 192, 190), (248, 228, 214), (64, 38, 42)),  # clay rose
    Palette((226, 230, 238), (196, 206, 224), (240, 236, 226), (34, 44, 66)),  # evening blue
)


@dataclass(frozen=True)
class TextBox:
    """One line placed on the cover: ``origin`` is where Pillow draws it (left, ascender line),
    ``box`` the pixels its glyphs cover (left, top, right, bottom)."""

    text: str
    role: str  # title | length | mark
    font_size: int
    origin: tuple[int, int]
    box: tuple[int, int, int, int]


def make_cover(
    title: str, duration_s: float, seed: int, size: int = DEFAULT_SIZE, language: str = "en"
) -> bytes:
    """A square PNG: background from ``seed``, the title, the length in ``language``, the mark."""
    from PIL import ImageDraw

    image = cover_background(seed, size)
    pal = _palette(seed)
    colors = {"title": pal.ink, "length": _mix(pal.ink, pal.bottom, 0.15)}
    draw = ImageDraw.Draw(image)
    for line in cover_layout(title, duration_s, size, language):
        font = _font(line.font_size, bold=line.role == "title")
        fill = colors.get(line.role, _mix(pal.ink, pal.bottom, 0.3))
        draw.text(line.origin, line.text, font=font, fill=fill)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def cover_background(seed: int, size: int = DEFAULT_SIZE) -> Any:
    """The text-free background (an RGB ``PIL.Image``): gradient, soft circles, a low wave.

    Painted at a quarter of the size, blurred, then scaled up: smooth, fast and deterministic.
    """
    from PIL import Image, ImageDraw, ImageFilter

    if size < MIN_SIZE:
        raise ValueError(f"cover size must be at least {MIN_SIZE} px, got {size}")
    rng = random.Random(seed)
    pal = _palette(seed)
    small = max(size // 4, 64)
    mask = Image.linear_gradient("L").resize((small, small), Image.Resampling.BICUBIC)
    image = Image.composite(
        Image.new("RGB", (small, small), pal.bottom),
        Image.new("RGB", (small, small), pal.top),
        mask,
    )
    layer = Image.new("RGBA", (small, small), (*pal.glow, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(3, 5)):
        r = rng.uniform(0.12, 0.3) * small
        cx, cy = rng.uniform(0, small), rng.uniform(0, small)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*pal.glow, rng.randint(60, 110)))
    base = rng.uniform(0.78, 0.86) * small
    amp, phase, waves = rng.uniform(0.015, 0.03) * small, rng.uniform(0, 2 * math.pi), 1.3
    crest = [
        (x, base + amp * math.sin(phase + 2 * math.pi * waves * x / small))
        for x in range(0, small + 1, 2)
    ]
    draw.polygon([*crest, (small, small), (0, small)], fill=(*pal.ink, 22))
    layer = layer.filter(ImageFilter.GaussianBlur(small / 24))
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    return image.resize((size, size), Image.Resampling.BICUBIC)


def cover_layout(
    title: str, duration_s: float, size: int = DEFAULT_SIZE, language: str = "en"
) -> list[TextBox]:
    """Where each line goes: the title wrapped into a centred block (the font shrinks until it
    fits in at most 5 lines, very long words break, an ellipsis is the last resort), the length
    under it, the mark at the bottom. Every box lies inside a margin of 8 % of ``size``."""
    margin = round(size * 0.08)
    sub_px, mark_px, gap = round(size * 0.036), round(size * 0.024), round(size * 0.05)
    room = round(size * 0.7) - gap - sub_px  # height left for the title lines
    lines, title_px = _fit_title(
        _clean(title) or "holdspace",
        size - 2 * margin,
        room,
        round(size * 0.105),
        round(size * 0.035),
    )
    line_h = round(title_px * LINE_SPACING)
    block_h = line_h * len(lines) + gap + sub_px
    top = max(margin, round(size * 0.44 - block_h / 2))
    title_font, sub_font = _font(title_px, bold=True), _font(sub_px, bold=False)
    boxes = [
        _centred(line, "title", title_font, title_px, size, top + i * line_h)
        for i, line in enumerate(lines)
    ]
    sub = duration_label(duration_s, language)
    boxes.append(_centred(sub, "length", sub_font, sub_px, size, top + line_h * len(lines) + gap))
    mark_font = _font(mark_px, bold=False)
    mark_top = size - margin - round(mark_font.getbbox("holdspace")[3])
    boxes.append(_centred("holdspace", "mark", mark_font, mark_px, size, mark_top))
    return boxes


def duration_label(seconds: float, language: str = "en") -> str:
    """``"20 minutes"``, ``"1 hour 5 minutes"`` (es: ``"20 minutos"``); ``"20 min"`` elsewhere."""
    minutes = max(1, round(seconds / 60))
    hours, rest = divmod(minutes, 60)
    lang = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    words = {
        "en": ("minute", "minutes", "hour", "hours"),
        "es": ("minuto", "minutos", "hora", "horas"),
    }
    if lang not in words:
        return f"{minutes} min" if not hours else f"{hours} h {rest} min" if rest else f"{hours} h"
    m1, mn, h1, hn = words[lang]
    parts = [f"{hours} {h1 if hours == 1 else hn}"] if hours else []
    if rest:
        parts.append(f"{rest} {m1 if rest == 1 else mn}")
    return " ".join(parts)


def load_cover(path: Path, script: str, line: int) -> tuple[bytes, str]:
    """The author's cover image as (bytes, MIME type), checked before any audio work starts.

    The type comes from the content, not the extension; PNG and JPEG are what players show.
    """
    from PIL import Image, UnidentifiedImageError

    def fail(message: str) -> InputError:
        return InputError(f"cover {str(path)!r}: {message}", script, line)

    path = Path(path)
    if path.is_dir():
        raise fail("this is a folder; name a .png or .jpg file")
    try:
        bytes_on_disk = path.stat().st_size
        if bytes_on_disk > MAX_USER_BYTES:
            raise fail(f"the file is {bytes_on_disk / 2**20:.0f} MB; covers are limited to 20 MB")
        with path.open("rb") as source:  # st_size is 0 for a device or a pipe: read bounded
            data = source.read(MAX_USER_BYTES + 1)
        if len(data) > MAX_USER_BYTES:
            raise fail("the file is over 20 MB; covers are limited to 20 MB")
    except FileNotFoundError:
        raise fail("no such file; check the path (relative to the script's folder)") from None
    except OSError as exc:
        raise fail(f"cannot read it ({exc.strerror})") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind in MIMES:
                    image.load()  # a truncated or corrupt file fails here, not in a player
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise fail(_too_many_pixels(data)) from None
    except UnidentifiedImageError:
        raise fail("not an image Pillow can read; use a PNG or JPEG") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise fail(f"the image is damaged and cannot be decoded ({exc})") from None
    if kind not in MIMES:
        raise fail(f"a {kind} image; save it as PNG or JPEG, which every player shows")
    if min(width, height) < MIN_USER_SIDE:
        raise fail(
            f"{width}×{height} pixels is too small; use at least {MIN_USER_SIDE}×{MIN_USER_SIDE} "
            "(1400×1400 or more looks sharp everywhere)"
        )
    return data, MIMES[kind]


# -- helpers --------------------------------------------------------------------------------------
def _too_many_pixels(data: bytes) -> str:
    """Why an image Pillow refuses as a possible decompression bomb is refused, with its size:
    the header alone says it (Pillow's limit is lifted only to read the size, nothing decoded)."""
    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS or 0
    most = f"use an image under {limit // 1_000_000} megapixels (3000×3000 is plenty)"
    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Exception:  # noqa: BLE001 - the size is a courtesy; the refusal stands without it
        return f"too many pixels; {most}"
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    return f"too many pixels ({width}×{height}); {most}"


def _palette(seed: int) -> Palette:
    return PALETTES[random.Random(seed).randrange(len(PALETTES))]


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _clean(text: str) -> str:
    """NFC (so "á" is one glyph), controls dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if unicodedata.category(ch) != "Cc" or ch.isspace()
    )
    return " ".join(text.split())


def _font(px: int, *, bold: bool) -> Any:
    """A scalable TrueType font at ``px``; never fails (see ``_load_font``)."""
    return _load_font(px, bold, _FONT_DIRS)


@functools.lru_cache(maxsize=64)
def _load_font(px: int, bold: bool, dirs: tuple[str, ...]) -> Any:
    """DejaVu Sans (fonts-dejavu-core), else Liberation/Noto/FreeSans, else Pillow's own
    bundled font (Pillow >= 10.1 scales it), else Pillow's tiny bitmap font."""
    from PIL import ImageFont

    for d in dirs:
        for pair in _FONT_FILES:
            candidate = Path(d) / pair[0 if bold else 1]
            if candidate.is_file():
                try:
                    return ImageFont.truetype(
                        str(candidate), px, layout_engine=ImageFont.Layout.BASIC
                    )
                except OSError:
                    continue
    try:
        return ImageFont.load_default(size=px)
    except TypeError:  # pragma: no cover - Pillow < 10.1
        return ImageFont.load_default()


def _width(font: Any, text: str) -> float:
    left, _, right, _ = font.getbbox(text)
    return max(right - left, font.getlength(text))


def _break_word(word: str, font: Any, width: int) -> list[str]:
    """A word too wide for a line, in pieces that each fit (at least one character each)."""
    pieces = []
    while len(word) > 1 and _width(font, word) > width:
        cut = 1
        while cut < len(word) - 1 and _width(font, word[: cut + 1]) <= width:
            cut += 1
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def _wrap(text: str, font: Any, width: int) -> list[str]:
    """Greedy word wrap."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        for piece in _break_word(word, font, width):
            trial = f"{current} {piece}" if current else piece
            if current and _width(font, trial) > width:
                lines.append(current)
                current = piece
            else:
                current = trial
    return [*lines, current] if current else lines


def _fit_title(
    text: str, width: int, height: int, start_px: int, min_px: int
) -> tuple[list[str], int]:
    """The largest font size (from ``start_px`` down) at which ``text`` wraps into at most
    MAX_TITLE_LINES lines within ``height``; at ``min_px`` the rest is cut with an ellipsis."""
    px = start_px
    while True:
        font = _font(px, bold=True)
        lines = _wrap(text, font, width)
        fits = (
            len(lines) <= MAX_TITLE_LINES
            and len(lines) * round(px * LINE_SPACING) <= height
            and all(_width(font, word) <= width for word in text.split())  # shrink before breaking
        )
        if fits or px <= min_px:
            break
        px = max(min_px, round(px * 0.92))
    keep = min(MAX_TITLE_LINES, height // round(px * LINE_SPACING))
    if len(lines) > keep:
        last = lines[keep - 1]
        while last and _width(font, last.rstrip() + "…") > width:
            last = last[:-1]
        lines = [*lines[: keep - 1], last.rstrip() + "…"]
    return lines, px


def _centred(text: str, role: str, font: Any, px: int, size: int, y: int) -> TextBox:
    """Centre the glyphs horizontally; draw from the ascender line at ``y`` (same baseline for
    every line of one font, whatever its letters)."""
    left, top, right, bottom = (round(v) for v in font.getbbox(text))
    x = round((size - (right - left)) / 2) - left
    return TextBox(text, role, px, (x, y), (x + left, y + top, x + right, y + bottom))
