"""Ctrl-C (and SIGTERM) at any moment: one line, exit status 130, never a traceback.

Each moment is reached through a test-only stage hook (``generator/hooks.py``; the launcher has
its own, ``launcher``): the process waits on a FIFO at that stage, the test sends the signal there,
so the result never depends on how busy the machine is. Renders interrupted mid-way are in
``tests/render/test_reliability.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Stage

ROOT = Path(__file__).resolve().parents[2]
LINE = "holdspace: interrupted; earlier files are untouched and nothing half-written was left"


def program(tmp_path: Path) -> Path:
    """What pip's console script for ``holdspace`` is: Python running the launch module."""
    path = tmp_path / "holdspace-program"
    path.write_text(
        f"#!{os.path.realpath(sys.executable)}\nfrom generator.cli.launch import main\nmain()\n"
    )
    path.chmod(0o755)
    return path


def launcher(tmp_path: Path) -> Path:
    """The launcher scripts/setup.sh puts on PATH, made the same way, for ``program``."""
    text = (ROOT / "scripts" / "launcher.pl").read_text()
    path = tmp_path / "holdspace"
    path.write_text(text.replace("@PROGRAM@", str(program(tmp_path))).replace("@ROOT@", str(ROOT)))
    path.chmod(0o755)
    return path


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def run_held(cmd: list[str], stage: Stage, sig: signal.Signals) -> tuple[int, str]:
    proc = subprocess.Popen(
        cmd, env=env(**stage.env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        stage.wait(proc)
        proc.send_signal(sig)
        stage.release()
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_before_anything_is_imported_is_one_line(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """The first lines of the program (``startup``): before click, numpy or the script."""
    status, stderr = run_held(
        [sys.executable, "-m", "generator", "poses"], Stage("startup", tmp_path), sig
    )
    assert (status, stderr) == (130, LINE + "\n")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_while_the_command_line_is_read_is_one_line(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """``command-line``: click is reading the arguments. A CI run on a busy machine caught a
    Ctrl-C there, and click put a blank line before the one line."""
    status, stderr = run_held(
        [sys.executable, "-m", "generator", "poses"], Stage("command-line", tmp_path), sig
    )
    assert (status, stderr) == (130, LINE + "\n")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_while_python_starts_is_held_back_then_one_line(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """Under the launcher, a signal that comes before Python has started (``launcher``: the
    signals are blocked, Python is about to start) waits for holdspace's handler: one line, not
    the traceback Python prints for an interrupt while it imports its start-up modules."""
    status, stderr = run_held([str(launcher(tmp_path)), "poses"], Stage("launcher", tmp_path), sig)
    assert (status, stderr) == (130, LINE + "\n")


def test_the_launcher_runs_holdspace_and_passes_its_exit_status(tmp_path: Path) -> None:
    run = launcher(tmp_path)
    ok = subprocess.run([str(run), "ambients"], env=env(), capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("pink-noise")
    bad = subprocess.run([str(run), "plan", "nowhere.yaml"], env=env(), capture_output=True)
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1


def test_ctrl_c_at_any_moment_of_start_up_is_never_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C sent 0-150 ms after the launcher starts, the time a command takes to get going:
    never a traceback or a second line, always the status a shell shows as 130. (In the first
    millisecond or two, before Perl itself has started, the signal ends the process the way it
    ends any program: status 130 to the shell, no line.)"""
    run = launcher(tmp_path)
    seen = []
    for delay in [0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.15]:
        proc = subprocess.Popen(
            [str(run), "poses"], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
        seen.append((delay, proc.returncode, stderr))
    for delay, status, stderr in seen:
        assert "Traceback" not in stderr and "panic" not in stderr, (delay, stderr)
        if status == -signal.SIGINT:
            assert stderr == "", (delay, stderr)
        elif status == 130:
            assert stderr == LINE + "\n", (delay, stderr)
        else:  # it finished first: then it did its work, and said nothing of an interrupt
            assert status == 0 and stderr == "", (delay, status, stderr)
