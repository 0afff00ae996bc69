"""The files a script names besides itself (its ambient bed, its cover), checked as a render
checks them, so ``plan`` and ``lint`` refuse what ``render`` would refuse."""

from __future__ import annotations

from pathlib import Path

from generator.script.model import Session


def check_cover(session: Session) -> tuple[bytes, str] | None:
    """The script's own cover as (bytes, MIME type), or None when it names none."""
    if not session.cover:
        return None
    from generator.output.cover import load_cover  # Pillow: only for a script with a cover

    return load_cover(Path(session.cover), session.path, session.cover_line)


def check_script_files(session: Session) -> tuple[bytes, str] | None:
    """The ambient file and the cover, in the order the script names them: lint, plan and render
    name the same missing file first (a tester fixed the one lint named, then met the other).
    Returns the cover, loaded once, for render to tag the track with."""
    from generator.mix.beds.catalog import check_bed

    cover_first = session.cover_line < session.ambient.line
    cover = check_cover(session) if cover_first else None
    check_bed(session.ambient, session.path)
    return cover if cover_first else check_cover(session)
