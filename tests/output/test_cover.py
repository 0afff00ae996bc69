"""The generated cover is square, deterministic, legible and keeps every glyph inside its margin;
a user's cover is checked by content (not extension) with errors at the script's line."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from conftest import IN_CI
from PIL import Image, ImageChops

from generator.errors import InputError
from generator.output import cover
from generator.output.cover import (
    PALETTES,
    cover_background,
    cover_layout,
    duration_label,
    load_cover,
    make_cover,
)

LONG = (
    "A very long title that goes on and on because the author had much to say about hips, "
    "breath, the evening light and everything else that came to mind while writing it down"
)
TITLES = {
    "short": "Gentle Hips",
    "spanish": "Caderas suaves: ¿una práctica tranquila? Ñandú, camión, pingüino",
    "long": LONG,
    "one-long-word": "Supercalifragilisticexpialidocious" * 3,
    "max-200": ("Respiración " * 20)[:200],
    "empty": "   ",
}


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    image.load()
    return image


def luminance(rgb: tuple[int, ...]) -> float:
    def lin(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb[:3]
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darkest(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, ...]:
    pixels = np.asarray(image.crop(box).convert("RGB")).reshape(-1, 3)
    weights = np.array([0.2126, 0.7152, 0.0722])
    return tuple(int(v) for v in pixels[np.argmin(pixels @ weights)])


def test_default_cover_is_a_1400_square_rgb_png() -> None:
    image = open_png(make_cover("Gentle Hips", 781.2, seed=1))
    assert image.size == (1400, 1400) and image.mode == "RGB"
    assert open_png(make_cover("Gentle Hips", 60, seed=1, size=2000)).size == (2000, 2000)


def test_smaller_than_1400_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1400"):
        make_cover("x", 60, seed=1, size=600)


def test_same_inputs_same_bytes_and_seed_varies_the_background() -> None:
    a = make_cover("Gentle Hips", 1200, seed=7, language="es")
    assert a == make_cover("Gentle Hips", 1200, seed=7, language="es")
    assert a != make_cover("Gentle Hips", 1200, seed=8, language="es")
    assert a != make_cover("Gentle Hips", 1800, seed=7, language="es")
    assert len(a) < 1_000_000  # small enough to embed in every MP3


@pytest.mark.parametrize("title", list(TITLES.values()), ids=list(TITLES))
def test_text_stays_inside_the_margin(title: str) -> None:
    size, seed = 1400, 3
    margin = round(size * 0.08)
    drawn = open_png(make_cover(title, 1234, seed=seed))
    # what differs from the bare background is the text: all of it must be within the margin
    ink = ImageChops.difference(drawn, cover_background(seed, size)).convert("L")
    box = ink.point(lambda v: 255 if v > 8 else 0).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert margin <= left and right <= size - margin, box
    assert margin <= top and bottom <= size - margin, box
    # the layout says the same, and no two lines overlap
    boxes = cover_layout(title, 1234, size)
    for b in boxes:
        assert margin <= b.box[0] and b.box[2] <= size - margin
        assert margin <= b.box[1] and b.box[3] <= size - margin
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert upper.box[3] <= lower.box[1], (upper, lower)


def test_long_title_wraps_shrinks_and_is_cut_with_an_ellipsis_only_when_needed() -> None:
    short = [b for b in cover_layout("Gentle Hips", 600) if b.role == "title"]
    long = [b for b in cover_layout(LONG, 600) if b.role == "title"]
    assert len(short) == 1 and 2 <= len(long) <= 5
    assert long[0].font_size < short[0].font_size
    assert " ".join(b.text for b in long) == LONG  # all of it, no ellipsis
    huge = [b for b in cover_layout(LONG * 4, 600) if b.role == "title"]
    assert len(huge) <= 5 and huge[-1].text.endswith("…")


def test_long_words_shrink_the_font_before_they_break() -> None:
    lines = [b.text for b in cover_layout("Entspannungsübungen", 600) if b.role == "title"]
    assert lines == ["Entspannungsübungen"]


def test_spanish_accents_are_kept_and_composed() -> None:
    decomposed = "Respiracio\u0301n y cami\u0301n"  # combining accents, as some editors save
    boxes = cover_layout(decomposed, 1500, language="es")
    assert " ".join(b.text for b in boxes if b.role == "title") == "Respiración y camín"
    assert [b.text for b in boxes if b.role != "title"] == ["25 minutos", "holdspace"]
    open_png(make_cover(TITLES["spanish"], 1500, seed=2, language="es-MX"))


def test_title_and_length_are_legible() -> None:
    seeds: dict[int, int] = {}  # one seed per palette
    for seed in range(200):
        seeds.setdefault(PALETTES.index(cover._palette(seed)), seed)
    assert len(seeds) == len(PALETTES)
    for seed in seeds.values():
        drawn = open_png(make_cover("Gentle Hips", 900, seed=seed))
        background = cover_background(seed, 1400)
        for b in cover_layout("Gentle Hips", 900):
            need = {"title": 7.0, "length": 4.5, "mark": 3.0}[b.role]
            # the text's own colour vs the darkest bit of background behind it (dark ink on light)
            text = darkest(drawn, b.box)
            behind = darkest(background, b.box)
            assert contrast(text, behind) >= need, (seed, b.role)


def test_palettes_are_calm_light_grounds_with_dark_ink() -> None:
    for p in PALETTES:
        assert contrast(p.ink, p.top) >= 9 and contrast(p.ink, p.bottom) >= 7
        assert max(p.top) - min(p.top) < 40  # muted, not saturated


@pytest.mark.parametrize(
    ("seconds", "language", "label"),
    [
        (781.2, "en", "13 minutes"),
        (20, "en", "1 minute"),
        (3600, "en", "1 hour"),
        (3900, "en", "1 hour 5 minutes"),
        (7260, "en", "2 hours 1 minute"),
        (1200, "es", "20 minutos"),
        (4500, "es_ES", "1 hora 15 minutos"),
        (1200, "fr", "20 min"),
        (5400, "de", "1 h 30 min"),
    ],
)
def test_duration_label(seconds: float, language: str, label: str) -> None:
    assert duration_label(seconds, language) == label


def test_without_system_fonts_it_falls_back_to_pillows_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cover, "_FONT_DIRS", ())
    image = open_png(make_cover("Caderas suaves", 600, seed=1, language="es"))
    assert image.size == (1400, 1400)
    title = next(b for b in cover_layout("Caderas suaves", 600) if b.role == "title")
    assert title.box[3] - title.box[1] > 50  # a real, scaled font, not the 11 px bitmap


def test_a_system_font_is_found_here() -> None:
    """DejaVu (fonts-dejavu-core) is what covers are designed with; CI must have it."""
    font = cover._font(80, bold=True)
    if "DejaVu" not in str(getattr(font, "path", "")):
        if IN_CI:
            pytest.fail("fonts-dejavu-core is required in CI (scripts/setup.sh installs it)")
        pytest.skip("fonts-dejavu-core not installed; covers use a fallback font")


# -- the author's own cover -----------------------------------------------------------------------
def save(path: Path, size: tuple[int, int], fmt: str) -> Path:
    Image.new("RGB", size, (120, 140, 150)).save(path, format=fmt)
    return path


def test_load_png_and_jpeg_by_content(tmp_path: Path) -> None:
    data, mime = load_cover(save(tmp_path / "a.png", (400, 400), "PNG"), "s.yaml", 3)
    assert mime == "image/png" and data == (tmp_path / "a.png").read_bytes()
    # the extension lies: the content decides
    _, mime = load_cover(save(tmp_path / "b.png", (1400, 1400), "JPEG"), "s.yaml", 3)
    assert mime == "image/jpeg"


def test_load_our_own_generated_cover(tmp_path: Path) -> None:
    path = tmp_path / "c.png"
    path.write_bytes(make_cover("Gentle Hips", 600, seed=1))
    assert load_cover(path, "s.yaml", 1) == (path.read_bytes(), "image/png")


def broken_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text = tmp_path / "notes.png"
    text.write_text("not an image", encoding="utf-8")
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(save(tmp_path / "full.png", (600, 600), "PNG").read_bytes()[:200])
    big = tmp_path / "big.jpg"
    with big.open("wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)
    folder = tmp_path / "folder.png"
    folder.mkdir()
    return {
        "missing": (tmp_path / "nope.png", "no such file"),
        "folder": (folder, "folder"),
        "not-an-image": (text, "not an image"),
        "truncated": (truncated, "damaged"),
        "too-small": (save(tmp_path / "small.png", (299, 800), "PNG"), "299×800 pixels"),
        "gif": (save(tmp_path / "anim.gif", (500, 500), "GIF"), "PNG or JPEG"),
        "too-big": (big, "20 MB"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "folder", "not-an-image", "truncated", "too-small", "gif", "too-big"]
)
def test_bad_covers_are_input_errors_at_the_line(tmp_path: Path, case: str) -> None:
    path, words = broken_files(tmp_path)[case]
    with pytest.raises(InputError) as info:
        load_cover(path, "sessions/x.yaml", 12)
    err = info.value
    assert err.file == "sessions/x.yaml" and err.line == 12 and err.exit_code == 2
    assert words in err.message and str(path) in err.message
    assert str(err).startswith("sessions/x.yaml:12: cover ")
