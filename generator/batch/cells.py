"""A manifest file as rows of cells: bytes, then UTF-8 text, then CSV rows (Excel's semicolon
and tab separated exports too), each with the line it starts on; and the one mistake a row's
count of cells shows, a comma inside an unquoted cell. What the cells mean is
``generator.batch.manifest``'s business."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.errors import InputError

MAX_BYTES = 64 * 1024 * 1024


def read_rows(path: Path) -> list[tuple[list[str], int]]:
    """(cells, first line) for each row of the manifest at ``path``."""
    return _rows(path, _text(path))


def _text(path: Path) -> str:
    """The file as text: UTF-8 (with or without the BOM Excel writes), at most ``MAX_BYTES``."""
    if path.is_dir():
        raise InputError("this is a folder; name the manifest's .csv file", path, 1)
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such manifest; check the path", path, 1) from None
    except OSError as exc:
        raise InputError(f"cannot read the manifest: {exc.strerror}", path, 1) from None
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"the manifest is over {MAX_BYTES // 2**20} MB; split it into several", path, 1
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "this is not UTF-8 text; save the manifest as CSV UTF-8 (Excel: File > Save As > "
            "CSV UTF-8)",
            path,
            line,
        ) from None


def _rows(path: Path, text: str) -> list[tuple[list[str], int]]:
    """(cells, first line) for each row; quoted cells may span lines."""
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first.count(",") == 0 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[list[str], int]] = []
    line = 1
    try:
        for cells in reader:
            rows.append((cells, line))
            line = reader.line_num + 1
    except csv.Error as exc:
        # at the row's first line: a quote opened there and never closed reads to the end
        raise InputError(
            f"not readable as CSV ({exc}); check the quotes on this row", path, line
        ) from None
    return rows


def split_cell(cells: list[str], width: int) -> str:
    """Why a row with more cells than the header has columns names: a comma inside an unquoted
    cell ("Si lo necesitas, llama al 91 555 12 34.") split it in two ("" when it has not)."""
    if len(cells) <= width:
        return ""
    for before, after in zip(cells, cells[1:], strict=False):
        if before.strip() and after[:1] == " " and after.strip():
            joined = f"{before},{after}"
            return (
                f"the row has {len(cells)} cells and the header {width} columns: a comma inside "
                f"a cell splits it, so every cell after it lands in the wrong column; put the "
                f'cell in double quotes: "{joined[:60]}{"…" if len(joined) > 60 else ""}"'
            )
    return ""
