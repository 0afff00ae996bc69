#!/usr/bin/env python3
"""Benchmark: render synthetic 10- and 60-minute sessions and compare with ffmpeg alone.

For each engine and length it renders once with a cold speech cache and once warm, in a
subprocess, sampling the RSS of the whole process tree (holdspace and its ffmpeg). In the same
run it times ffmpeg alone encoding the same 60 minutes of audio (decoded from the render) with
holdspace's encoder settings: the floor no renderer can beat. It prints a table and the ratios
the audio-engine issue sets targets for.

It also times the voice alone speaking the longest session's sentences (no mixing, no encoding,
fresh cache) in its own process. A render masters exactly, so it needs every clip before its first
block is encoded: (speech alone + floor) / floor is the least a cold render can cost, and the
voice's own peak RSS the least it can hold.

With ``--interactive`` it times instead the commands people type often (``--help``, ``poses``,
``ambients``, ``voices``, ``lint`` of the 40-minute bedtime session (and ``lint --deep``, with
its verdict cache warm and empty, in English and on the Spanish caderas-suaves), ``plan`` warm and
``plan --estimate``): the median of 5 runs of each, against the targets of the structure issue.

    python3 scripts/bench.py                 # auto engine (Piper where installed), 10 and 60 min
    python3 scripts/bench.py --engine pyttsx3 --minutes 10
    python3 scripts/bench.py --interactive   # everyday commands: median of 5 runs each
    python3 scripts/bench.py --cluster 40    # a 40-row manifest: batch -j 2 vs a Dask cluster

With ``--cluster N`` it renders a manifest of N two-minute tracks (each row greets another name)
twice from a cold speech cache: ``batch -j 2`` on this machine, and ``batch --cluster`` on a
scheduler and one ``dask worker --nworkers 2 --nthreads 1`` started here (the same cores), and
prints the overhead a cluster run adds (target ≤ 10 %) and whether the tracks are the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.output.encode import OutputFormat, ffmpeg_args  # noqa: E402

CUES = [
    "You might notice where your body meets the floor",
    "If you like, let your shoulders soften a little",
    "You can come out of this shape whenever you like",
    "Perhaps notice the sounds around you",
    "Moving or shifting is always welcome",
]


def synthetic_script(minutes: int, engine: str) -> str:
    """About one cue every 30 s, pose holds, a breath block every ten minutes, a pink-noise bed."""
    lines = [
        "holdspace: 1",
        f"title: Bench {minutes} minutes",
        f"voice: {{engine: {engine}}}",
        "ambient: {bed: ocean}",
        "care: {opening: false, closing: false}",
        "segments:",
    ]
    elapsed, i = 0.0, 0
    while elapsed < minutes * 60 - 40:
        if i % 20 == 10:
            lines += ["  - breath: {pattern: extended_exhale, rounds: 6}"]
            elapsed += 75
        elif i % 7 == 3:
            lines += ["  - pose: butterfly", "    hold: 60s"]
            elapsed += 80
        else:
            lines += [f'  - speak: "{CUES[i % len(CUES)]}, number {i}."', "  - pause: 26s"]
            elapsed += 30
        i += 1
    return "\n".join(lines) + "\n"


def run_tree(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) summed over the process and all its children."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(
            f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return wall, peak / 1e6


def floor(track: Path, tmp: Path) -> float:
    """ffmpeg alone: encode the PCM of ``track`` (the longest render, decoded beforehand and not
    timed) with our settings, fed through a pipe in blocks as a render feeds it; the faster of
    two runs. The same
    audio as the render, because LAME's speed depends on what it encodes (noise is slower)."""
    fmt = OutputFormat()
    pcm = tmp / "floor.f32"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(track), "-f", "f32le",
         "-ar", str(fmt.sample_rate), "-ac", str(fmt.channels), str(pcm)],
        check=True,
    )  # fmt: skip
    cmd = ["ffmpeg", *ffmpeg_args(fmt, tmp / "floor.mp3")]
    times = []
    for _ in range(2):  # the faster of two: a floor should not be flattered by a slow moment
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdin is not None
        with pcm.open("rb") as source:
            while block := source.read(1 << 20):
                proc.stdin.write(block)
        proc.stdin.close()
        proc.wait()
        times.append(time.perf_counter() - start)
    pcm.unlink()
    return min(times)


def speak_only(script: Path, texts: Path, cache: Path) -> None:
    """Synthesize ``texts`` (JSON) in ``script``'s voice, as a cold render would, and nothing
    else: run in a subprocess by ``speech_alone``, importing no more than the voice needs."""
    from generator.script.load import load_session
    from generator.speech.batch import synthesize_each
    from generator.speech.cache import SpeechCache
    from generator.speech.select import load_voice

    session = load_session(script)
    voice = load_voice(session.voice, session.path)
    for _ in synthesize_each(voice, json.loads(texts.read_text()), SpeechCache(cache)):
        pass


def speech_alone(script: Path, tmp: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the voice alone speaking ``script``'s sentences."""
    from generator.plan.planner import session_seed
    from generator.render.prepare import spoken_texts
    from generator.script.load import load_session

    session = load_session(script)
    texts = tmp / "texts.json"
    texts.write_text(
        json.dumps(spoken_texts(session, OutputFormat().sample_rate, session_seed(session)))
    )
    cmd = [sys.executable, __file__, "--speak-only", str(script), str(texts), str(tmp / "alone")]
    return run_tree(cmd, {**os.environ, "PYTHONPATH": str(ROOT)})


INTERACTIVE = [  # (label, arguments, target seconds)
    ("--help", ["--help"], 0.3),
    ("poses", ["poses"], 0.3),
    ("ambients", ["ambients"], 0.3),
    ("voices", ["voices"], 0.3),
    ("lint bedtime-hips (40 min)", ["lint", "sessions/bedtime-hips.yaml"], 0.5),
    ("warm cache", ["lint", "--deep", "sessions/bedtime-hips.yaml"], 0.5),
    ("empty cache", ["lint", "--deep", "sessions/bedtime-hips.yaml"], 2.0),
    ("Spanish, warm cache", ["lint", "--deep", "sessions/caderas-suaves.yaml"], 0.5),
    ("Spanish, empty cache", ["lint", "--deep", "sessions/caderas-suaves.yaml"], 2.0),
    ("plan gentle-hips, warm cache", ["plan", "sessions/gentle-hips.yaml"], 1.0),
    ("plan --estimate bedtime-hips", ["plan", "sessions/bedtime-hips.yaml", "--estimate"], 0.5),
]


def interactive(runs: int) -> None:
    """Median wall time of each everyday command, run as a user runs it (a fresh process, the
    installed launcher's way in), after one untimed run that warms the speech cache and the OS's
    file cache. Without PYTHONDONTWRITEBYTECODE, as users run it: with it set, every run
    compiles each changed module from source again (about 0.08 s more for ``lint``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"median of {runs} runs each; {os.cpu_count()} cores\n")
    print("| command | median (s) | target (s) | |")
    print("|---|---|---|---|")
    for label, args, target in INTERACTIVE:
        cmd = [sys.executable, "-m", "generator", *args]
        subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="holdspace-bench-") as empty:
                fresh = {**env, "HOLDSPACE_CACHE_DIR": empty} if "empty cache" in label else env
                start = time.perf_counter()
                subprocess.run(cmd, cwd=ROOT, env=fresh, capture_output=True, check=False)
                times.append(time.perf_counter() - start)
        median = sorted(times)[len(times) // 2]
        verdict = "ok" if median <= target else "OVER"
        print(f"| `holdspace {' '.join(args)}` ({label}) | {median:.2f} | ≤ {target} | {verdict} |",
              flush=True)  # fmt: skip


def cluster_bench(rows: int, engine: str) -> None:
    """``batch -j 2`` against ``batch --cluster`` with two worker processes on this machine."""
    with tempfile.TemporaryDirectory(prefix="holdspace-bench-") as t:
        tmp = Path(t)
        (tmp / "s.yaml").write_text(synthetic_script(2, engine))
        lines = ["output,script,name"] + [f"t{i:03d}.mp3,s.yaml,Listener {i}" for i in range(rows)]
        (tmp / "m.csv").write_text("\n".join(lines) + "\n")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        batch = [sys.executable, "-m", "generator", "batch", "--manifest", str(tmp / "m.csv"), "-q"]
        local, _ = run_tree(
            [*batch, "-o", str(tmp / "local"), "-j", "2"],
            {**env, "HOLDSPACE_CACHE_DIR": str(tmp / "cache-local")},
        )
        print(f"batch -j 2: {local:.1f} s", flush=True)
        info = tmp / "scheduler.json"
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        scheduler = subprocess.Popen([*dask, "--scheduler-file", str(info), "--no-dashboard"],
                                     env=env, stderr=subprocess.DEVNULL)  # fmt: skip
        worker = None
        try:
            while not info.exists():
                time.sleep(0.1)
            worker = subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file",
                 str(info), "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                env=env, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            from distributed import Client

            with Client(scheduler_file=str(info)) as client:
                client.wait_for_workers(2, timeout=120)
                address = client.scheduler.address
            remote, _ = run_tree(
                [*batch, "-o", str(tmp / "remote"), "--cluster", address,
                 "--cache", str(tmp / "cache-remote")], env,
            )  # fmt: skip
        finally:
            for proc in (worker, scheduler):
                if proc is not None:
                    proc.terminate()
                    proc.wait(timeout=60)
        same = all(
            (tmp / "remote" / p.name).read_bytes() == p.read_bytes()
            for p in (tmp / "local").glob("*.mp3")
        )
    print(f"batch --cluster (2 worker processes): {remote:.1f} s")
    # every engine says a sentence the same way each time (Piper's noise is fixed per sentence),
    # so two fresh caches on one machine give the same bytes
    verdict = "yes" if same else "NO"
    print(
        f"\n{rows} tracks ({engine}); cluster / local: {remote / local:.2f} (target ≤ 1.10); "
        f"same bytes: {verdict}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--engine", default="auto", choices=["auto", "pyttsx3", "espeak-ng", "piper"])
    ap.add_argument("--minutes", default="10,60", help="comma-separated lengths (default 10,60)")
    ap.add_argument("--speak-only", nargs=3, help=argparse.SUPPRESS)  # SCRIPT TEXTS CACHE
    ap.add_argument("--interactive", action="store_true", help="time the everyday commands")
    ap.add_argument("--runs", type=int, default=5, help="runs per command with --interactive")
    ap.add_argument("--cluster", type=int, metavar="N", help="time an N-row manifest on Dask")
    args = ap.parse_args()
    if args.cluster:
        cluster_bench(args.cluster, args.engine)
        return
    if args.interactive:
        interactive(args.runs)
        return
    if args.speak_only:
        speak_only(*(Path(a) for a in args.speak_only))
        return
    lengths = [int(m) for m in args.minutes.split(",")]
    rows: dict[tuple[int, str], tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="holdspace-bench-") as t:
        tmp = Path(t)
        for minutes in lengths:
            script = tmp / f"bench{minutes}.yaml"
            script.write_text(synthetic_script(minutes, args.engine))
            env = {**os.environ, "HOLDSPACE_CACHE_DIR": str(tmp / f"cache{minutes}")}
            cmd = [sys.executable, "-m", "generator", "render", str(script), "-q", "--allow-lint",
                   "-o", str(tmp / f"bench{minutes}.mp3")]  # fmt: skip
            for cache in ("cold", "warm"):
                rows[(minutes, cache)] = run_tree(cmd, {**env, "PYTHONPATH": str(ROOT)})
                print(f"{minutes:>3} min {cache}: {rows[(minutes, cache)][0]:6.1f} s, "
                      f"{rows[(minutes, cache)][1]:5.0f} MB", flush=True)  # fmt: skip
        longest = max(lengths)
        base = floor(tmp / f"bench{longest}.mp3", tmp)
        spoken, spoken_rss = speech_alone(tmp / f"bench{longest}.yaml", tmp)
    print(f"\nengine: {args.engine}; floor: ffmpeg alone encodes {longest} min in {base:.1f} s\n")
    print("| render | cache | wall (s) | peak RSS (MB) | wall / floor |")
    print("|---|---|---|---|---|")
    for (minutes, cache), (wall, rss) in rows.items():
        ratio = f"{wall / base:.2f}" if minutes == longest else "–"
        print(f"| {minutes} min | {cache} | {wall:.1f} | {rss:.0f} | {ratio} |")
    if len(lengths) > 1:
        small, big = min(lengths), max(lengths)
        print(f"\nRSS({big})/RSS({small}) warm: {rows[(big, 'warm')][1] / rows[(small, 'warm')][1]:.2f}"
              f"   (target ≤ 1.2)")  # fmt: skip
    print(f"render({longest})/floor: cold {rows[(longest, 'cold')][0] / base:.2f} (target ≤ 1.5), "
          f"warm {rows[(longest, 'warm')][0] / base:.2f} (target ≤ 1.2)")  # fmt: skip
    print(f"peak RSS {longest} min: cold {rows[(longest, 'cold')][1]:.0f} MB, "
          f"warm {rows[(longest, 'warm')][1]:.0f} MB (target ≤ 250)")  # fmt: skip
    print(f"\nthe voice alone speaks the {longest}-min session in {spoken:.1f} s, peak RSS "
          f"{spoken_rss:.0f} MB: an exactly mastered cold render costs at least "
          f"{(spoken + base) / base:.2f} × the floor and {spoken_rss:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
