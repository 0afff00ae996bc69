"""The files a script names besides itself (its ambient bed, its cover), checked as a render
checks them, so ``plan`` and ``lint`` refuse what ``render`` would refuse."""

from __future__ import annotations

from pathlib import Path

from generator.script.model import Session


def check_cover(session: Session) -> None:
    if session.cover:
        from generator.output.cover import load_cover  # Pillow: only for a script with a cover

        load_cover(Path(session.cover), session.path, session.cover_line)


def check_script_files(session: Session) -> None:
    """The ambient file and the cover, in the order the script names them: lint, plan and render
    name the same missing file first (a tester fixed the one lint named, then met the other)."""
    from generator.mix.beds.catalog import check_bed

    checks = [
        (session.ambient.line, lambda: check_bed(session.ambient, session.path)),
        (session.cover_line, lambda: check_cover(session)),
    ]
    for _, check in sorted(checks, key=lambda c: c[0]):
        check()
