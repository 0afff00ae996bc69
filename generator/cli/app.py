"""The command group: every failure becomes one line on stderr and an exit status, never a
traceback (one only with ``--debug`` or ``HOLDSPACE_DEBUG=1``); Ctrl-C and SIGTERM become one line and exit status 130."""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from typing import Any

import click

from generator import hooks
from generator.errors import HoldspaceError, Interrupted

EXIT_INTERRUPTED = Interrupted.exit_code


class HoldspaceGroup(click.Group):
    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra.pop("standalone_mode", None)
        restore = _take_signals()
        try:
            code = super().main(
                args=args, prog_name=prog_name or "holdspace", standalone_mode=False, **extra
            )
        except HoldspaceError as exc:
            if exc.exit_code == EXIT_INTERRUPTED:
                _stop_children()
            _fail(str(exc), exc.exit_code)
        except click.UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx else "holdspace"
            _fail(f"{cmd}: {exc.format_message()} (see {cmd} --help)", 2)
        except click.ClickException as exc:
            _fail(f"holdspace: {exc.format_message()}", exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Abort):
            _stop_children()
            _fail(str(Interrupted()), EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.exit(1)
        except Exception as exc:  # a bug: still one line; the traceback only when asked for
            if os.environ.get(DEBUG_ENV):
                traceback.print_exc()
            _fail(
                f"holdspace: internal error: {type(exc).__name__}: {exc} (please report it; "
                f"run it again with {DEBUG_ENV}=1 to see where it happened)",
                1,
            )
        finally:
            restore()
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # carried past click, which would print a blank line
            raise Interrupted() from None

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        """As ``invoke``: a Ctrl-C while click reads the command line (a busy machine's CI saw
        one) is the one line, not click's blank line before it."""
        try:
            hooks.stage("command-line")
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted() from None


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _take_signals() -> Any:
    """From here on Ctrl-C and SIGTERM raise KeyboardInterrupt, so the command under way cleans
    up (temp files removed, child programs stopped) before the one line. Handlers someone else
    installed (a test runner's) are left alone, except the program's own early one."""
    changed = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        current = signal.getsignal(sig)
        early = getattr(current, "holdspace_early", False)
        if early or (sig == signal.SIGTERM and current in (signal.SIG_DFL, None)):
            changed[sig] = current
            signal.signal(sig, _raise_interrupt)

    def restore() -> None:
        for sig, handler in changed.items():
            signal.signal(sig, handler if not getattr(handler, "holdspace_early", False)
                          else signal.SIG_DFL)  # fmt: skip

    return restore


def _stop_children() -> None:
    from generator import runner

    runner.stop_all()
    if sys.stderr.isatty():
        sys.stderr.write("\n")  # the line starts after the terminal's "^C"


DEBUG_ENV = "HOLDSPACE_DEBUG"  # any command: print a bug's traceback


def _fail(message: str, code: int) -> None:
    if logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("holdspace").debug("failure", exc_info=True)
    click.echo(message.replace("\n", " "), err=True)
    sys.exit(code)


def setup_logging(verbose: bool, quiet: bool, debug: bool) -> None:
    level = (
        logging.DEBUG
        if debug
        else logging.INFO
        if verbose
        else logging.ERROR
        if quiet
        else logging.WARNING
    )
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


def verbosity(f: Any) -> Any:
    f = click.option("--debug", is_flag=True, help="Log every external command; show tracebacks.")(
        f
    )
    f = click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")(f)
    f = click.option(
        "-v", "--verbose", is_flag=True, help="Say what happens (engine, cache, levels)."
    )(f)
    return f
