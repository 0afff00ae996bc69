"""Reliability and safety, tested on real ``python -m generator`` processes with real espeak-ng,
pyttsx3, Piper and ffmpeg, so signals, exit statuses, stderr and files are what a user sees.

* Atomic and interrupt-safe: an interrupted render (SIGINT to the process, Ctrl-C to its process
  group, SIGTERM) during synthesis or encoding leaves the previous MP3 and stems
  byte-identical, no temp file, no child process, exit 130 and one line on stderr; the speech
  cache stays usable, and damaged cache entries are spoken again.
* Reproducible: the same script renders byte-identical MP3s and stems, cache cold or warm, twice
  in a row; no timestamps in the tags.
* No network: a render succeeds with sockets refused in every Python process (and, where
  possible, in an empty network namespace).
* Engine failures: an unknown voice, a missing espeak-ng, libespeak-ng or ffmpeg, an ffmpeg or
  espeak-ng that fails halfway: one line naming what is missing and the fix, exit 2 for bad
  input and 1 for a tool, no traceback, no hang, no output, earlier output untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import psutil
import pytest
from conftest import IN_CI, Stage, require_tool
from mutagen.id3 import ID3

from generator.errors import EncodeError
from generator.speech.cache import decode_entry

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
INTERRUPTED = (
    "holdspace: interrupted; earlier files are untouched and nothing half-written was left\n"
)
TIMESTAMP_FRAMES = {"TDRC", "TYER", "TDAT", "TIME", "TDEN", "TDTG", "TDOR", "TORY", "TRDA", "TDRL"}

SHORT = """\
holdspace: 1
title: Short Test
voice: {{engine: {engine}, rate: 170}}
care: {{opening: false, closing: false}}
pacing: {{lead_in: 1, tail: 2}}
segments:
  - speak: "Welcome. You can stop at any time."
  - pause: 12s
  - speak: "Notice the room around you. Thank you."
"""

# About two minutes with 19 distinct sentences: long enough to interrupt each stage.
LONG = """\
holdspace: 1
title: Long Test
voice: {{engine: {engine}, rate: 170}}
care: {{opening: false, closing: false}}
pacing: {{lead_in: 1, tail: 2}}
segments:
  - speak: "Welcome. You can stop at any time. Let the breath move as it likes."
  - pose: reclined_figure_four
    cue: "If you like, cross one ankle over the other knee. You can come out at any time."
    switch: "Gently switch sides."
    exit: "Come out when you like."
    sides: both
    hold: 30s
  - breath: {{inhale: 4, exhale: 6, rounds: 4}}
  - pause: 10s
  - pause: 4m
    silent: true  # a long, cheap stretch: every stage lasts long enough to be caught
  - speak: "Thank you. Notice the room around you."
"""


# --- helpers ---------------------------------------------------------------------------------


def env_for(cache: Path | None = None, pythonpath: Path | None = None, **extra: str) -> dict:
    """This environment, with the repository (and ``pythonpath`` before it) importable."""
    env = dict(os.environ)
    paths = [str(p) for p in (pythonpath, REPO) if p] + [env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    if cache is not None:
        env["HOLDSPACE_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "generator", *map(str, args)]


def holdspace(*args: str | Path, env: dict | None = None, timeout: float = 120, cwd: Path = REPO):
    """Run ``holdspace ARGS`` to completion; a hang fails the test instead of stalling it."""
    return subprocess.run(
        command(*args),
        env=env or env_for(),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def write_script(directory: Path, template: str, engine: str, name: str = "") -> Path:
    path = directory / f"{name or template_name(template)}-{engine}.yaml"
    path.write_text(template.format(engine=engine))
    return path


def template_name(template: str) -> str:
    return "long" if template is LONG else "short"


def outputs(mp3: Path) -> list[Path]:
    return [mp3, mp3.with_suffix(".voice.wav"), mp3.with_suffix(".ambient.wav")]


def snapshot(paths: list[Path]) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*.tmp"))


def needs_tools() -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")


def require_piper() -> None:
    try:
        import piper  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("piper is required in CI (scripts/setup.sh installs it)")
        pytest.skip("piper not installed")


def assert_one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert "Traceback" not in stderr
    return lines[0]


def speech_entries(cache: Path) -> list[Path]:
    """The spoken clips in a speech cache (``<root>/<key[:2]>/<key>.clip``)."""
    return sorted(cache.glob("??/*.clip"))


def assert_cache_intact(cache: Path) -> int:
    """No temp file in the cache and every entry complete; returns how many clips it holds."""
    assert temp_files(cache) == []
    for entry in cache.rglob("*.clip"):
        assert decode_entry(entry.read_bytes()) is not None, f"damaged cache entry {entry}"
    return len(speech_entries(cache))


@dataclass
class Watched:
    """A render running in the background, its descendants recorded as they come and go."""

    proc: subprocess.Popen
    started: float = field(default_factory=time.monotonic)
    children: dict[int, tuple[float, str]] = field(default_factory=dict)  # pid -> (created, cmd)
    last_child_seen: float = 0.0

    def poll_children(self) -> list[str]:
        try:
            kids = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            return []
        cmds = []
        for kid in kids:
            try:
                cmd = " ".join(kid.cmdline())
                self.children.setdefault(kid.pid, (kid.create_time(), cmd))
            except psutil.Error:
                continue
            cmds.append(cmd)
        if cmds:
            self.last_child_seen = time.monotonic()
        return cmds

    def seen(self, word: str) -> bool:
        return any(word in cmd for _, cmd in self.children.values())


def still_running(pid: int, created: float) -> bool:
    try:
        p = psutil.Process(pid)
        return p.create_time() == created and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def processes_mentioning(text: str) -> list[str]:
    found = []
    for p in psutil.process_iter(["cmdline", "status"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if text in cmd and p.info["status"] != psutil.STATUS_ZOMBIE and p.pid != os.getpid():
            found.append(f"{p.pid}: {cmd}")
    return found


def interrupt(
    args: list[str | Path],
    env: dict,
    stage: Stage,
    sig: signal.Signals,
    to_group: bool,
) -> tuple[Watched, int, str]:
    """Start a command held at ``stage`` (a test-only hook: see generator/hooks.py), record its
    child processes there, send ``sig``, let it go; (what was seen, exit status, stderr)."""
    proc = subprocess.Popen(
        command(*args),
        env={**env, **stage.env},
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a shell job: Ctrl-C hits the group
    )
    watched = Watched(proc)
    try:
        stage.wait(proc)
        watched.poll_children()
        (os.killpg if to_group else os.kill)(proc.pid, sig)
        stage.release()
        _, stderr = proc.communicate(timeout=120)
    finally:
        stage.release()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return watched, proc.returncode, stderr


# --- 3. atomic and interrupt-safe ------------------------------------------------------------


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("scripts")
    for engine in ("espeak-ng", "pyttsx3", "auto"):
        write_script(d, SHORT, engine)
        write_script(d, LONG, engine)
    return d


@pytest.fixture(scope="module")
def warm_long(scripts: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A speech cache holding every clip of the long espeak-ng session (``plan`` speaks them)."""
    needs_tools()
    cache = tmp_path_factory.mktemp("warm-long-cache")
    res = holdspace("plan", scripts / "long-espeak-ng.yaml", env=env_for(cache))
    assert res.returncode == 0, res.stderr
    return cache


@pytest.fixture(scope="module")
def finished(scripts: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The MP3 (and stems) of a finished render: what a failed render must leave alone."""
    needs_tools()
    out = tmp_path_factory.mktemp("finished") / "session.mp3"
    res = holdspace("render", scripts / "short-espeak-ng.yaml", "-o", out, "--stems", "-q")
    assert res.returncode == 0 and res.stderr == "", res.stderr
    return out


def place(finished: Path, out: Path) -> dict[Path, bytes]:
    """Copy the finished render's files to ``out`` (and its stems) as if rendered there."""
    for source, path in zip(outputs(finished), outputs(out), strict=True):
        path.write_bytes(source.read_bytes())
    return snapshot(outputs(out))


def test_outputs_are_readable_like_any_new_file(finished: Path) -> None:
    """Renamed temp files keep the mode a plain new file gets, not mkstemp's owner-only 0600."""
    mask = os.umask(0o022)
    os.umask(mask)
    for path in outputs(finished):
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


INTERRUPTS = [  # (the stage the render is held at, the signal, sent to its whole group)
    pytest.param("speech", signal.SIGINT, True, id="synthesis-ctrl-c"),
    pytest.param("speech", signal.SIGTERM, False, id="synthesis-sigterm"),
    pytest.param("encode", signal.SIGINT, False, id="encoding-sigint"),
    pytest.param("encode", signal.SIGTERM, False, id="encoding-sigterm"),
    pytest.param("encode", signal.SIGINT, True, id="encoding-ctrl-c"),
    pytest.param("commit", signal.SIGINT, True, id="all-written-not-renamed-ctrl-c"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("stage", "sig", "to_group"), INTERRUPTS)
def test_interrupted_render_leaves_everything_as_it_was(
    stage: str,
    sig: signal.Signals,
    to_group: bool,
    scripts: Path,
    warm_long: Path,
    finished: Path,
    tmp_path: Path,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "session.mp3"
    before = place(finished, out)

    if stage == "speech":  # cold cache, pyttsx3: a worker process per clip, more queued
        cache = tmp_path / "cold-cache"
        script = scripts / "long-pyttsx3.yaml"
    else:  # warm: mastering needs no pass of its own, encoding comes next
        cache = warm_long
        script = scripts / "long-espeak-ng.yaml"
    watched, status, stderr = interrupt(
        ["render", script, "-o", out, "--stems"], env_for(cache), Stage(stage, tmp_path), sig,
        to_group,
    )  # fmt: skip

    assert status == 130
    assert stderr == INTERRUPTED
    assert snapshot(outputs(out)) == before, "the earlier render was changed"
    assert sorted(os.listdir(out_dir)) == sorted(p.name for p in before)  # no temp file left
    if stage == "speech":
        assert not watched.seen("ffmpeg -hide_banner"), "interrupted too late, not in speech"
    elif stage == "encode":
        assert watched.seen("ffmpeg -hide_banner"), "ffmpeg was not encoding"
    time.sleep(0.2)
    left = [cmd for pid, (made, cmd) in watched.children.items() if still_running(pid, made)]
    assert left == [], "child processes outlived the render"
    assert processes_mentioning(str(out_dir)) == []
    assert assert_cache_intact(cache) > 0

    if stage == "speech" and to_group:  # the half-filled cache serves the next render
        res = holdspace("render", script, "-o", out, "-q", env=env_for(cache))
        assert res.returncode == 0 and res.stderr == "", res.stderr
        assert out.read_bytes() != before[out]
        assert assert_cache_intact(cache) == distinct_texts(script, cache)


def distinct_texts(script: Path, cache: Path) -> int:
    """How many different pieces of speech the script's plan holds: one cache entry each."""
    res = holdspace("plan", script, "--json", "-q", env=env_for(cache))
    assert res.returncode == 0, res.stderr
    events = json.loads(res.stdout)["events"]
    return len({e["text"] for e in events if e["kind"] == "speech"})


@pytest.mark.slow
def test_damaged_cache_entries_are_spoken_again(scripts: Path, tmp_path: Path) -> None:
    needs_tools()
    cache = tmp_path / "cache"
    env = env_for(cache)
    script = scripts / "short-espeak-ng.yaml"
    first = holdspace("render", script, "-o", tmp_path / "first.mp3", "-q", env=env)
    assert first.returncode == 0, first.stderr
    entries = speech_entries(cache)
    assert len(entries) == 4
    good = snapshot(entries)

    truncated, garbage, flipped, empty = entries
    truncated.write_bytes(good[truncated][: len(good[truncated]) // 2])
    garbage.write_bytes(os.urandom(len(good[garbage])))
    data = bytearray(good[flipped])
    data[len(data) // 2] ^= 0x40  # one sample changed: the checksum must notice
    flipped.write_bytes(bytes(data))
    empty.write_bytes(b"")

    second = holdspace("render", script, "-o", tmp_path / "second.mp3", "-q", env=env)
    assert second.returncode == 0 and second.stderr == "", second.stderr
    assert snapshot(entries) == good, "damaged entries were not rewritten"
    assert (tmp_path / "second.mp3").read_bytes() == (tmp_path / "first.mp3").read_bytes()
    assert assert_cache_intact(cache) == 4


# --- 4. reproducible -------------------------------------------------------------------------


def assert_no_timestamps(mp3: Path) -> None:
    tags = ID3(mp3)
    frames = {frame.FrameID for frame in tags.values()}
    assert {"TIT2", "CHAP", "CTOC"} <= frames  # the tags are there, only the dates are not
    assert not frames & TIMESTAMP_FRAMES, sorted(frames)


def render_in_parallel(jobs: list[tuple[Path, Path, Path]]) -> None:
    """Render (script, output, cache) jobs at the same time: two cores, two cold caches."""
    procs = [
        subprocess.Popen(
            command("render", script, "-o", out, "--stems", "-q"),
            env=env_for(cache),
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script, out, cache in jobs
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0 and err == "", err


@pytest.mark.slow
def test_same_script_same_bytes_cold_twice_and_warm(scripts: Path, tmp_path: Path) -> None:
    """espeak-ng speaks deterministically, so even two cold renders in separate caches and
    processes (with different hash seeds) must give the same bytes, and so must a warm one."""
    needs_tools()
    script = scripts / "short-espeak-ng.yaml"
    a, b = tmp_path / "a.mp3", tmp_path / "b.mp3"
    render_in_parallel([(script, a, tmp_path / "cache-a"), (script, b, tmp_path / "cache-b")])
    cold_a = snapshot(outputs(a))
    assert [p.read_bytes() for p in outputs(b)] == list(cold_a.values())

    again = holdspace("render", script, "-o", a, "--stems", "-q", env=env_for(tmp_path / "cache-a"))
    assert again.returncode == 0, again.stderr
    assert snapshot(outputs(a)) == cold_a, "a warm re-render to the same path changed the bytes"

    assert_no_timestamps(a)


@pytest.mark.slow
def test_piper_cold_half_warm_and_warm_same_bytes(scripts: Path, tmp_path: Path) -> None:
    """Piper (the default when installed) with its noise fixed: a cold render, a render whose
    cache already held half the sentences (spoken by another process, in another order) and a
    warm one give the same bytes. With Piper's own noise a sentence depended on how many were
    spoken before it, so the half-warm render differed."""
    needs_tools()
    require_piper()
    script = scripts / "short-auto.yaml"
    half = write_script(
        tmp_path, SHORT.replace("Welcome. You can stop at any time.", "Thank you."), "auto", "half"
    )
    planned = holdspace("plan", half, "-q", env=env_for(tmp_path / "cache-b"))
    assert planned.returncode == 0, planned.stderr
    out, other = tmp_path / "out.mp3", tmp_path / "other.mp3"
    render_in_parallel([(script, out, tmp_path / "cache"), (script, other, tmp_path / "cache-b")])
    first = snapshot(outputs(out))
    assert [p.read_bytes() for p in outputs(other)] == list(first.values())
    env = env_for(tmp_path / "cache")
    warm = holdspace("render", script, "-o", tmp_path / "warm.mp3", "--stems", "-q", env=env)
    assert warm.returncode == 0, warm.stderr
    assert [p.read_bytes() for p in outputs(tmp_path / "warm.mp3")] == list(first.values())
    assert_no_timestamps(out)


# --- 5. no network ---------------------------------------------------------------------------

SOCKET_GUARD = '''\
"""Test harness: refuse every network socket in this Python process and its Python children."""
import os
import socket

_LOG = os.environ.get("HOLDSPACE_TEST_NET_LOG")


def _refused(what, *args):
    if _LOG:
        with open(_LOG, "a") as log:
            log.write(f"{os.getpid()} {what} {args!r}\\n")
    return OSError(101, f"network blocked by the test harness: {what}")


class _NoNetworkSocket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family != socket.AF_UNIX:
            raise _refused("socket", family, type)
        super().__init__(family, type, proto, fileno)


def _refuse(what):
    def refuse(*args, **kwargs):
        raise _refused(what, *args)

    return refuse


socket.socket = _NoNetworkSocket
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, _name, _refuse(_name))
'''


@pytest.fixture
def no_network(tmp_path: Path) -> tuple[Path, Path]:
    """(directory holding the guard sitecustomize.py, file every refused attempt is logged to)."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SOCKET_GUARD)
    return guard, tmp_path / "network-attempts.log"


def test_the_socket_guard_refuses_connections(no_network: tuple[Path, Path]) -> None:
    guard, log = no_network
    env = env_for(pythonpath=guard, HOLDSPACE_TEST_NET_LOG=str(log))
    tries = [
        "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)",
        "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/', timeout=1)",
        # a Python child of a Python child (the pyttsx3 worker's position) is guarded too
        "import subprocess, sys; sys.exit(subprocess.call([sys.executable, '-c', "
        "'import socket; socket.socket()']))",
    ]
    for code in tries:
        res = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
        assert res.returncode != 0, code
        assert "network blocked by the test harness" in res.stderr, res.stderr
    assert len(log.read_text().splitlines()) == len(tries)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["auto", "pyttsx3"])
def test_render_needs_no_network(
    engine: str, scripts: Path, tmp_path: Path, no_network: tuple[Path, Path]
) -> None:
    """Cold cache, so the voice is loaded and every clip spoken with sockets refused; nothing
    even tries (the log of refused attempts stays empty)."""
    needs_tools()
    guard, log = no_network
    env = env_for(tmp_path / "cache", pythonpath=guard, HOLDSPACE_TEST_NET_LOG=str(log))
    out = tmp_path / "out.mp3"
    res = holdspace("render", scripts / f"short-{engine}.yaml", "-o", out, "--stems", "-q", env=env)
    assert res.returncode == 0 and res.stderr == "", res.stderr
    assert out.stat().st_size > 10_000
    assert not log.exists(), log.read_text()


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        return (
            subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.slow
def test_render_in_an_empty_network_namespace(scripts: Path, tmp_path: Path) -> None:
    """No interface but a downed loopback: also covers espeak-ng, ffmpeg and onnxruntime."""
    needs_tools()
    if not _unshare_works():
        pytest.skip("unshare -n is not permitted here (needs root or user namespaces)")
    out = tmp_path / "out.mp3"
    res = subprocess.run(
        ["unshare", "-n", *command("render", scripts / "short-auto.yaml", "-o", out, "-q")],
        env=env_for(tmp_path / "cache"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert res.returncode == 0 and res.stderr == "", res.stderr
    assert out.stat().st_size > 10_000


# --- 7. engine failures ----------------------------------------------------------------------


def fails_cleanly(
    script: Path, tmp_path: Path, env: dict, status: int, *words: str, prior: bool = False
) -> str:
    """Render ``script`` expecting failure: exit ``status``, one line with ``words``, no MP3 or
    temp file, the earlier output (``prior``: made first) byte-identical. Returns the line."""
    out_dir = tmp_path / "out"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / "session.mp3"
    before = snapshot(outputs(out)) if prior else {}
    res = holdspace("render", script, "-o", out, "--stems", env=env, timeout=90)
    line = assert_one_line(res.stderr)
    assert res.returncode == status, line
    for word in words:
        assert word in line, line
    assert res.stdout == ""
    assert snapshot([p for p in outputs(out) if p.exists()]) == before
    assert sorted(os.listdir(out_dir)) == sorted(p.name for p in before)
    assert processes_mentioning(str(out_dir)) == []
    return line


def _speech_in(cache: Path) -> list[Path]:
    """Files in a cache folder other than lint's own (the gates it keeps, its verdicts): a
    render refused before any speech still linted its script first."""
    lints = {"lint-gates.json", "lint-encoder.sqlite"}
    return [p for p in cache.rglob("*") if p.is_file() and p.name not in lints]


@pytest.mark.parametrize("engine", ["espeak-ng", "pyttsx3", "auto", "piper"])
def test_unknown_voice_is_bad_input(engine: str, tmp_path: Path) -> None:
    needs_tools()
    if engine == "piper":
        require_piper()
    script = tmp_path / "bad.yaml"
    script.write_text(SHORT.format(engine=engine).replace("rate: 170", "name: xx-nope"))
    line = fails_cleanly(script, tmp_path, env_for(tmp_path / "cache"), 2, "'xx-nope'")
    assert line.startswith(f"{script}:3: unknown ")
    assert "holdspace voices" in line or "packaged voices" in line
    assert not _speech_in(tmp_path / "cache"), "speech was synthesized before the voice was checked"


def path_without(tmp_path: Path, *missing: str) -> str:
    """A PATH whose only directory links the tools this project runs, minus ``missing``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("espeak-ng", "ffmpeg", "ffprobe"):
        real = shutil.which(tool)
        if tool not in missing and real:
            (bin_dir / tool).symlink_to(real)
    return str(bin_dir)


@pytest.mark.parametrize("how", ["override", "path"])
def test_espeak_ng_missing_for_the_espeak_ng_engine(
    how: str, scripts: Path, tmp_path: Path
) -> None:
    needs_tools()
    extra = (
        {"HOLDSPACE_ESPEAK_NG": "/nonexistent/espeak-ng"}
        if how == "override"
        else {"PATH": path_without(tmp_path, "espeak-ng")}
    )
    env = env_for(tmp_path / "cache", **extra)
    line = fails_cleanly(scripts / "short-espeak-ng.yaml", tmp_path, env, 1, "espeak-ng")
    if how == "override":
        assert "HOLDSPACE_ESPEAK_NG=/nonexistent/espeak-ng" in line
    else:
        assert "apt-get install espeak-ng" in line


@pytest.mark.slow
def test_pyttsx3_needs_only_the_library_not_the_espeak_ng_program(
    scripts: Path, tmp_path: Path
) -> None:
    """pyttsx3 loads libespeak-ng itself: without the espeak-ng command line it still speaks,
    saying once that voice names go unchecked and there is no fallback."""
    needs_tools()
    env = env_for(tmp_path / "cache", PATH=path_without(tmp_path, "espeak-ng"))
    out = tmp_path / "out.mp3"
    res = holdspace("render", scripts / "short-pyttsx3.yaml", "-o", out, env=env)
    assert res.returncode == 0, res.stderr
    assert "espeak-ng command line missing" in assert_one_line(res.stderr)
    assert out.stat().st_size > 10_000


NO_LIBESPEAK = """\
\"\"\"Test harness: libespeak-ng cannot be loaded (as on a machine without libespeak-ng1).\"\"\"
import ctypes
import sys

_load = ctypes.cdll.LoadLibrary


def _no_espeak(name, *args, **kwargs):
    if "espeak" in str(name):
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return _load(name, *args, **kwargs)


ctypes.cdll.LoadLibrary = _no_espeak
"""


def no_libespeak(tmp_path: Path, hide_piper: bool = False) -> Path:
    guard = tmp_path / "no-libespeak"
    guard.mkdir()
    code = NO_LIBESPEAK
    if hide_piper:  # as after scripts/setup.sh --minimal
        code += "sys.modules['piper'] = None\n"
    (guard / "sitecustomize.py").write_text(code)
    return guard


def test_pyttsx3_without_libespeak_ng(scripts: Path, tmp_path: Path) -> None:
    needs_tools()
    env = env_for(tmp_path / "cache", pythonpath=no_libespeak(tmp_path))
    fails_cleanly(scripts / "short-pyttsx3.yaml", tmp_path, env, 1, "espeak-ng", "apt-get install")


def test_auto_with_no_engine_at_all(scripts: Path, tmp_path: Path) -> None:
    """No piper, no libespeak-ng, no espeak-ng program: one line, naming what to install."""
    needs_tools()
    env = env_for(
        tmp_path / "cache",
        pythonpath=no_libespeak(tmp_path, hide_piper=True),
        PATH=path_without(tmp_path, "espeak-ng"),
    )
    fails_cleanly(scripts / "short-auto.yaml", tmp_path, env, 1, "espeak-ng", "install")


@pytest.mark.parametrize("how", ["override", "path"])
def test_ffmpeg_missing_is_reported_before_any_speech(
    how: str, scripts: Path, tmp_path: Path
) -> None:
    needs_tools()
    extra = (
        {"HOLDSPACE_FFMPEG": "/nonexistent/ffmpeg"}
        if how == "override"
        else {"PATH": path_without(tmp_path, "ffmpeg", "ffprobe")}
    )
    cache = tmp_path / "cache"
    line = fails_cleanly(scripts / "short-espeak-ng.yaml", tmp_path, env_for(cache, **extra), 1)
    assert line.startswith(("ffmpeg ", "HOLDSPACE_FFMPEG=")), line
    assert ("apt-get install ffmpeg" if how == "path" else "HOLDSPACE_FFMPEG") in line
    assert not _speech_in(cache), "speech was synthesized although ffmpeg could never encode it"


def fake_tool(tmp_path: Path, name: str, real: str, when: str, action: str) -> Path:
    """A stand-in for ``real`` that does ``action`` when its arguments match ``when``."""
    path = tmp_path / f"fake-{name}"
    path.write_text(
        textwrap.dedent(f"""\
            #!/bin/sh
            case "$*" in
              {when}) {action} ;;
            esac
            exec {real} "$@"
            """)
    )
    path.chmod(0o755)
    return path


FFMPEG_FAILURES = {
    # reads ~1 s of audio, then fails the way a full disk does
    "exits-1": (
        "head -c 400000 >/dev/null; echo 'fake ffmpeg: No space left on device' >&2; exit 1",
        "ffmpeg failed (exit 1): fake ffmpeg: No space left on device",
    ),
    "killed": ("head -c 400000 >/dev/null; kill -KILL $$", "ffmpeg failed (exit -9)"),
    "stops-reading": ("exec 0<&-; exit 0", "ffmpeg stopped while encoding"),
}


@pytest.mark.slow
@pytest.mark.parametrize("failure", list(FFMPEG_FAILURES))
def test_ffmpeg_failing_mid_encode(
    failure: str, scripts: Path, finished: Path, tmp_path: Path
) -> None:
    needs_tools()
    action, message = FFMPEG_FAILURES[failure]
    out = tmp_path / "out" / "session.mp3"
    out.parent.mkdir()
    place(finished, out)
    # the probe encodes in lame_scale go to /tmp; only the real encode writes a *.tmp beside out
    fake = fake_tool(tmp_path, "ffmpeg", shutil.which("ffmpeg") or "ffmpeg", "*.tmp", action)
    env = env_for(HOLDSPACE_FFMPEG=str(fake))
    line = fails_cleanly(scripts / "short-espeak-ng.yaml", tmp_path, env, 1, prior=True)
    assert message in line


def test_a_stuck_ffmpeg_is_stopped_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ffmpeg that stops taking audio (a hung disk) is killed, with whatever it started (here
    a wrapper script's child), after STALL_TIMEOUT; the render fails instead of hanging."""
    needs_tools()
    from generator.output import encode

    fake = fake_tool(tmp_path, "ffmpeg", shutil.which("ffmpeg") or "ffmpeg", "*.tmp", "sleep 600")
    monkeypatch.setenv("HOLDSPACE_FFMPEG", str(fake))
    monkeypatch.setattr(encode, "STALL_TIMEOUT", 1.0)
    encoder = encode.Mp3Encoder(encode.OutputFormat(), tmp_path / ".session.mp3.x.tmp")
    wrapper = psutil.Process(encoder.proc.pid)
    deadline = time.monotonic() + 10
    while not wrapper.children() and time.monotonic() < deadline:
        time.sleep(0.01)
    stuck = wrapper.children()
    assert stuck, "the fake ffmpeg did not start its child"
    block = np.zeros((1 << 17, 2), np.float32)  # 1 MB: more than a pipe holds
    started = time.monotonic()
    with pytest.raises(EncodeError, match="ffmpeg took no audio for 1 s"):
        for _ in range(100):
            encoder.write(block)
    assert time.monotonic() - started < 10
    created = {p.pid: p.create_time() for p in stuck}
    encoder.abort()
    # killed processes take a moment to be reaped on a busy machine; none may outlive 5 s
    _, alive = psutil.wait_procs(stuck, timeout=5)
    assert not [p for p in alive if still_running(p.pid, created[p.pid])]


def test_espeak_ng_failing_while_speaking(scripts: Path, tmp_path: Path) -> None:
    needs_tools()
    fake = fake_tool(
        tmp_path,
        "espeak-ng",
        shutil.which("espeak-ng") or "espeak-ng",
        "*--stdin*",
        "echo 'fake espeak-ng: Segmentation fault' >&2; exit 139",
    )
    env = env_for(tmp_path / "cache", HOLDSPACE_ESPEAK_NG=str(fake))
    fails_cleanly(
        scripts / "short-espeak-ng.yaml", tmp_path, env, 1, "espeak-ng failed (exit 139)",
        "Segmentation fault",
    )  # fmt: skip
