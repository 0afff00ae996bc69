"""A manifest on a real Dask cluster (a LocalCluster of two worker processes) against the same
manifest rendered on this machine: the same bytes in every file, the same summary, each sentence
synthesized once across the cluster, and a worker killed mid-track costs nothing but time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Stage, one_error_line

from generator.cli.main import cli
from generator.speech.cache import decode_entry

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SHORT = """\
holdspace: 1
title: Short Rest
voice: {engine: espeak-ng}
ambient: {bed: pink-noise}
care: {closing: false, opening: false}
segments:
  - speak: "Let the breath be as it is."
  - pause: 3s
  - speak: "You can stay here, or move whenever you like."
"""
CLOSING = SHORT.replace("closing: false", "closing: true").replace("Short Rest", "With a Close")
NAMES = ["Ana", "Ben", "Chiara", "Dev", "Emeka", "Fatima", "Goran", "Hana", "Ines", "Jonas",
         "Kai", "Lea", "Mateo", "Noor", "Oskar", "Priya"]  # fmt: skip


def _manifest() -> str:
    rows = ["output,script,name,helpline,loudness,seed,voice"]
    for i, name in enumerate(NAMES):
        loudness = "-19" if i % 3 == 0 else ""
        voice = "espeak-ng:en-gb" if i % 4 == 1 else ""
        rows.append(f"{name.lower()}/day.mp3,short.yaml,{name},,{loudness},{i},{voice}")
    rows.append("quiet/day.mp3,short.yaml,,,,,")  # nobody's name: the script as written
    rows.append('ana/close.mp3,closing.yaml,Ana,"If you need to talk, you can call 116 123.",,,')
    rows.append('ben/close.mp3,closing.yaml,,"Samaritans: 116 123, day or night.",,,')
    rows.append("broken/day.mp3,missing.yaml,,,,,")  # fails alone, with its line
    return "\n".join(rows) + "\n"


def _folder(root: Path, name: str, manifest: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "short.yaml").write_text(SHORT, encoding="utf-8")
    (folder / "closing.yaml").write_text(CLOSING, encoding="utf-8")
    (folder / "week.csv").write_text(manifest, encoding="utf-8")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _spoken(log: Path) -> Counter[str]:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return Counter(line.split()[1] for line in lines if line.startswith("spoken "))


def _spoken_entries(cache: Path) -> set[str]:
    """The cache's synthesized clips (not the prepared copies and facts kept beside them)."""
    entries = {p.stem: decode_entry(p.read_bytes()) for p in cache.rglob("*.clip")}
    assert all(entries.values()), "a damaged cache entry"
    return {
        key
        for key, clip in entries.items()
        if clip and clip.engine not in ("prepared", "clip-info")
    }


class _Env:
    """Environment variables for the cluster's worker processes, set before they start (they
    inherit them) and put back afterwards."""

    def __init__(self, **values: str) -> None:
        self.values = values
        self.saved = {k: os.environ.get(k) for k in values}

    def __enter__(self) -> None:
        os.environ.update(self.values)

    def __exit__(self, *exc: object) -> None:
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _local_cluster() -> object:
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=50,
    )  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The manifest rendered here (``-j 2``) and on a two-process cluster, each with a fresh
    speech cache, each counting its syntheses."""
    root = tmp_path_factory.mktemp("cluster")
    manifest = _manifest()
    local, remote = _folder(root, "local", manifest), _folder(root, "remote", manifest)
    logs = {"local": root / "local.log", "remote": root / "remote.log"}
    caches = {"local": root / "cache-local", "remote": root / "cache-remote"}
    results = {}
    here = Path.cwd()
    try:
        os.chdir(local)
        results["local"] = CliRunner().invoke(
            cli, ["batch", "--manifest", "week.csv", "-o", "out", "-j", "2"],
            env={"HOLDSPACE_CACHE_DIR": str(caches["local"]),
                 "HOLDSPACE_TEST_LOG": str(logs["local"])},
        )  # fmt: skip
        with _Env(HOLDSPACE_TEST_LOG=str(logs["remote"])), _local_cluster() as cluster:
            os.chdir(remote)
            results["remote"] = CliRunner().invoke(
                cli, ["batch", "--manifest", "week.csv", "-o", "out",
                      "--cluster", cluster.scheduler_address, "--cache", str(caches["remote"])],
            )  # fmt: skip
    finally:
        os.chdir(here)
    yield {"root": root, "results": results, "logs": logs, "caches": caches,
           "local": local, "remote": remote}  # fmt: skip


def test_the_cluster_writes_the_same_bytes_as_this_machine(runs: dict) -> None:
    local, remote = _files(runs["local"] / "out"), _files(runs["remote"] / "out")
    assert sorted(remote) == sorted(local)
    tracks = [name for name in local if name.endswith(".mp3")]
    assert len(tracks) == len(NAMES) + 3  # every row but the broken one
    assert {name for name in remote if name.endswith((".vtt", ".lrc", ".chapters.json"))}
    for name in local:
        assert remote[name] == local[name], f"{name} differs"
    assert not [n for n in remote if Path(n).name.startswith(".")], "temp files left"


def test_the_summary_is_the_same_line_for_line(runs: dict) -> None:
    local, remote = runs["results"]["local"], runs["results"]["remote"]
    assert local.exit_code == remote.exit_code == 1  # the broken row
    assert remote.stdout == local.stdout
    failed = [line for line in remote.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "week.csv:" in failed[0] and "missing.yaml" in failed[0]
    assert "Traceback" not in remote.output


def test_each_sentence_is_synthesized_once_across_the_cluster(runs: dict) -> None:
    spoken = _spoken(runs["logs"]["remote"])
    assert spoken, "no synthesis was logged"
    assert max(spoken.values()) == 1, [k for k, n in spoken.items() if n > 1]
    assert set(spoken) == _spoken_entries(runs["caches"]["remote"])
    assert set(spoken) == set(_spoken(runs["logs"]["local"]))  # the same sentences as here


def test_a_worker_killed_mid_track_costs_only_time(runs: dict, tmp_path: Path) -> None:
    """The first worker to start encoding dies (SIGKILL, as the out-of-memory killer would);
    the scheduler gives its track to another, and every track comes out right, with no temp
    file left beside it."""
    rows = _manifest().splitlines()
    manifest = "\n".join(rows[:7]) + "\n"  # header and six rows
    folder = _folder(tmp_path, "killed", manifest)
    marker = tmp_path / "killed.marker"
    here = Path.cwd()
    with _Env(HOLDSPACE_TEST_KILL=f"encode:{marker}"), _local_cluster() as cluster:
        try:
            os.chdir(folder)
            result = CliRunner().invoke(
                cli, ["batch", "--manifest", "week.csv", "-o", "out",
                      "--cluster", cluster.scheduler_address, "--cache", str(tmp_path / "c")],
            )  # fmt: skip
        finally:
            os.chdir(here)
    assert marker.exists(), "no worker was killed"
    assert result.exit_code == 0, result.output
    made = _files(folder / "out")
    expected = _files(runs["local"] / "out")
    for name in made:
        if name.endswith(".mp3"):
            assert made[name] == expected[name], f"{name} differs after the kill"
    assert len([n for n in made if n.endswith(".mp3")]) == 6
    assert not [n for n in made if Path(n).name.startswith(".")], "temp files left"


def test_ctrl_c_stops_the_cluster_run_and_keeps_finished_tracks(runs: dict, tmp_path: Path) -> None:
    """Ctrl-C once the first track is written: one line, exit 130, the tracks written so far
    kept and listed, nothing half-written, and the workers free for the next run."""
    folder = _folder(tmp_path, "stopped", _manifest())
    stage = Stage("batch-track", tmp_path)
    with _local_cluster() as cluster:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "batch", "--manifest", "week.csv", "-o", "out",
             "--cluster", cluster.scheduler_address, "--cache", str(tmp_path / "c"), "-q"],
            cwd=folder, env={**os.environ, **stage.env}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        stage.wait(proc)
        proc.send_signal(signal.SIGINT)
        stage.release()
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 130, err
        assert len(err.strip().splitlines()) == 1 and "interrupted" in err, err
        assert "Traceback" not in err + out
        made = _files(folder / "out")
        expected = _files(runs["local"] / "out")
        tracks = [n for n in made if n.endswith(".mp3")]
        assert 1 <= len(tracks) < len(NAMES) + 3
        assert any(name in err for name in tracks), err  # "ana/day.mp3", not "day.mp3"
        for name in tracks:
            assert made[name] == expected[name], f"{name} is not the finished track"
        assert not [n for n in made if Path(n).name.startswith(".")], "temp files left"
        again = CliRunner().invoke(cli, ["plan", str(folder / "short.yaml")])  # still usable
        assert again.exit_code == 0


def test_no_scheduler_at_the_address_is_one_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "nowhere", "output,script\na.mp3,short.yaml\n")
    os.chdir(folder)
    result = CliRunner().invoke(
        cli, ["batch", "--manifest", "week.csv", "-o", "out", "--cluster", "tcp://127.0.0.1:9"]
    )
    one_error_line(result, "--cluster tcp://127.0.0.1:9", "dask scheduler")
    assert not (folder / "out" / "a.mp3").exists()
