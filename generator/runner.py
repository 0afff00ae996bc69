"""The one place that starts external programs (ffmpeg, ffprobe, espeak-ng).

Every call is logged with the exact command, has a timeout, finds its executable (honouring an
environment override such as ``HOLDSPACE_FFMPEG``), and turns failure into a HoldspaceError that
carries the tool's own last stderr line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.errors import EngineError, ToolMissingError

log = logging.getLogger(__name__)

_live: set[subprocess.Popen] = set()


def find_tool(name: str) -> str:
    """Path of ``name``; ``HOLDSPACE_<NAME>`` (dashes as underscores) overrides the PATH lookup."""
    variable = "HOLDSPACE_" + name.upper().replace("-", "_")
    override = os.environ.get(variable)
    path = shutil.which(override or name)
    if path is None:
        error = ToolMissingError(name)
        if override:  # "not found on PATH" would send the user looking in the wrong place
            package = "espeak-ng" if "espeak" in name else name
            error.message = (
                f"{variable}={override} is not an executable program; point it at {name}, "
                f"or unset it to use {name} from PATH (scripts/setup.sh or apt-get install "
                f"{package} installs it)"
            )
        raise error
    return path


def _last_line(stderr: bytes | str | None) -> str:
    if not stderr:
        return "no message"
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def run(
    tool: str,
    args: Sequence[str],
    *,
    timeout: float,
    input: bytes | None = None,
    error: type[Exception] = EngineError,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``tool args`` to completion, capturing output; raise ``error`` on failure or timeout."""
    return _complete([find_tool(tool), *args], tool, timeout, input, error)


def _complete(
    cmd: list[str],
    label: str,
    timeout: float,
    input: bytes | None,
    error: type[Exception],
    env: dict[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    """The one place a command runs to completion: logged, timed out, failures as ``error``."""
    log.debug("running: %s", shlex.join(cmd))
    try:
        proc = subprocess.run(
            cmd,
            input=input,
            capture_output=True,
            timeout=timeout,
            env=env,
            stdin=None if input else subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise error(f"{label} did not finish within {timeout:.0f} s: {shlex.join(cmd)}") from exc
    except OSError as exc:
        raise error(f"{label} could not be started: {exc}") from exc
    if check and proc.returncode != 0:
        raise error(f"{label} failed (exit {proc.returncode}): {_last_line(proc.stderr)}")
    return proc


def start(
    tool: str, args: Sequence[str], *, stdout: int | None = subprocess.DEVNULL
) -> subprocess.Popen:
    """Start a long-running ``tool`` with a pipe to its stdin; track it so it can be stopped."""
    cmd = [find_tool(tool), *args]
    log.debug("starting: %s", shlex.join(cmd))
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=stdout, stderr=subprocess.PIPE, start_new_session=True
    )
    _live.add(proc)
    return proc


def finish(proc: subprocess.Popen, tool: str, *, timeout: float, error: type[Exception]) -> None:
    """Close stdin, wait for ``proc``; raise ``error`` with its stderr on failure."""
    try:
        _, stderr = proc.communicate(timeout=timeout)  # closes stdin: ffmpeg sees the end
    except subprocess.TimeoutExpired as exc:
        stop(proc)
        raise error(f"{tool} did not finish within {timeout:.0f} s") from exc
    finally:
        _live.discard(proc)
    if proc.returncode != 0:
        raise error(f"{tool} failed (exit {proc.returncode}): {_last_line(stderr)}")


def kill(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and whatever it started: ``start`` gives each tool its own process group,
    and a wrapper script named by HOLDSPACE_FFMPEG would otherwise leave the real tool running."""
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        proc.kill()


def stop(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and reap it, so no child outlives a failed or interrupted render."""
    if proc.poll() is None:
        kill(proc)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    _live.discard(proc)


def stop_all() -> None:
    """Stop every tracked child; called when a render is interrupted."""
    for proc in list(_live):
        stop(proc)


def run_python(
    module: str,
    args: Sequence[str],
    *,
    timeout: float,
    input: bytes | None = None,
    error: type[Exception] = EngineError,
    check: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m module args`` in a fresh interpreter (this one's), like ``run``.

    A fresh process is the only clean slate for libraries that keep per-process state (pyttsx3).
    The child imports this same ``generator`` package: its parent directory leads PYTHONPATH.
    ``check=False`` returns a failed run too, so the caller can act on the exit status.
    """
    cmd = [sys.executable, "-m", module, *args]
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return _complete(cmd, f"python -m {module}", timeout, input, error, env=env, check=check)
