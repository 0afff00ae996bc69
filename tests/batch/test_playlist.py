"""The batch's playlist: each track once, named so a player's list tells them apart."""

from __future__ import annotations

from pathlib import Path

from generator.batch.jobs import Job, Outcome
from generator.batch.playlist import update_playlist, write_playlist


def _made(folder: Path, name: str, title: str, length: float | None) -> Outcome:
    (folder / name).write_bytes(b"mp3")
    return Outcome(Job(None, folder / name, length), True, "", length or 600.0, 3, title)


def test_a_length_is_added_only_where_two_tracks_share_a_title(tmp_path: Path) -> None:
    """A tester's manifest gave each client a track of their own ("For Margaret") and the
    playlist still said "For Margaret (12 min)"; two lengths of one script still need it."""
    outcomes = [
        _made(tmp_path, "a.mp3", "For Margaret", 720.0),
        _made(tmp_path, "b.mp3", "For Priya", 600.0),
        _made(tmp_path, "c.mp3", "Gentle Hips", 600.0),
        _made(tmp_path, "d.mp3", "Gentle Hips", 1200.0),
    ]
    write_playlist(tmp_path / "playlist.m3u8", outcomes)
    assert (tmp_path / "playlist.m3u8").read_text().splitlines() == [
        "#EXTM3U",
        "#EXTINF:720,For Margaret",
        "a.mp3",
        "#EXTINF:600,For Priya",
        "b.mp3",
        "#EXTINF:600,Gentle Hips (10 min)",
        "c.mp3",
        "#EXTINF:1200,Gentle Hips (20 min)",
        "d.mp3",
    ]


def test_after_an_interrupt_a_title_already_listed_still_gets_its_length(tmp_path: Path) -> None:
    playlist = tmp_path / "playlist.m3u8"
    write_playlist(playlist, [_made(tmp_path, "c.mp3", "Gentle Hips", 600.0)])
    assert "#EXTINF:600,Gentle Hips" in playlist.read_text().splitlines()
    update_playlist(playlist, [_made(tmp_path, "d.mp3", "Gentle Hips", 1200.0)])
    assert "#EXTINF:1200,Gentle Hips (20 min)" in playlist.read_text().splitlines()
    update_playlist(playlist, [_made(tmp_path, "c.mp3", "Gentle Hips", 600.0)])  # made again
    assert "#EXTINF:600,Gentle Hips (10 min)" in playlist.read_text().splitlines()


def test_tracks_of_one_title_made_for_named_listeners_show_whom(tmp_path: Path) -> None:
    """A school counsellor's three take-home tracks, one script with three names: the playlist
    said the same title three times; it says whom each is for."""
    from generator.batch.sources import Row

    outcomes = []
    for i, name in enumerate(["Zoë", "Sam", ""]):
        (tmp_path / f"{i}.mp3").write_bytes(b"mp3")
        row = Row(tmp_path / "week.csv", i + 2, name=name or None)
        job = Job(tmp_path / "calm.yaml", tmp_path / f"{i}.mp3", 720.0, row=row)
        outcomes.append(Outcome(job, True, "", 720.0, 3, "Calm"))
    write_playlist(tmp_path / "playlist.m3u8", outcomes)
    infos = [
        line for line in (tmp_path / "playlist.m3u8").read_text().splitlines() if "INF" in line
    ]
    assert infos == [
        "#EXTINF:720,Calm (Zoë)",
        "#EXTINF:720,Calm (Sam)",
        "#EXTINF:720,Calm (12 min)",
    ]
