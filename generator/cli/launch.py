"""The ``holdspace`` program's first lines: Ctrl-C is one line and exit status 130 from the first
moment, before click or anything else is imported (an interrupt while Python imports would
otherwise print a traceback). Nothing has been written yet at this point, so the early handler
just says so and leaves; ``generator.cli.app`` takes over once a command runs.

Python itself takes a few dozen milliseconds to reach this module; the launcher that
``scripts/setup.sh`` puts on PATH (``scripts/launcher.pl``) covers that time: it blocks Ctrl-C
and SIGTERM before it starts Python, and this module unblocks them once its handler is in place,
so an interrupt in between arrives here rather than as a traceback.

Imported only as the program (the console script and ``python -m generator``): importing
``generator.cli.main`` instead has no side effects, so tests and tools can use the commands.
"""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130
INTERRUPTED = (
    "holdspace: interrupted; earlier files are untouched and nothing half-written was left"
)


def _interrupted(signum: int, frame: object) -> None:
    lead = "\n" if signum == signal.SIGINT and _isatty() else ""  # after the terminal's "^C"
    os.write(2, f"{lead}{INTERRUPTED}\n".encode())
    os._exit(EXIT_INTERRUPTED)


_interrupted.holdspace_early = True  # type: ignore[attr-defined]  # app.py replaces it


def _isatty() -> bool:
    try:
        return os.isatty(2)
    except OSError:
        return False


signal.signal(signal.SIGINT, _interrupted)
if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
    signal.signal(signal.SIGTERM, _interrupted)
# The launcher scripts/setup.sh installs holds Ctrl-C back while Python starts (blocked, not lost):
# let it through now that the handler is here. Without the launcher this changes nothing.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})

from generator import hooks  # noqa: E402  (after the handlers: imports take time)

hooks.stage("startup")

from generator.cli.main import cli  # noqa: E402


def main() -> None:
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
