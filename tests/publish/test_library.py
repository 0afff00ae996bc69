"""Reading finished tracks back: library order, what is taken from the tags, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.publish import library as lib

from .conftest import ORDER
from .helpers import NOTE, make_track


def test_playlist_order_then_unlisted_tracks_by_name(tmp_path: Path) -> None:
    for name in ("c", "a", "b", "d-10", "d-9"):
        make_track(tmp_path, name, name.upper(), 4)
    (tmp_path / "playlist.m3u8").write_text("#EXTM3U\n#EXTINF:4,C\nc.mp3\na.mp3\n")
    assert [p.stem for p in lib.folder_order(tmp_path)] == ["c", "a", "b", "d-9", "d-10"]


def test_a_name_comes_before_the_same_name_with_a_number(tmp_path: Path) -> None:
    """A tester's page listed marguerite2 before marguerite (the ".mp3" was sorted too)."""
    for name in ("marguerite2", "marguerite", "marguerite10"):
        make_track(tmp_path, name, name.title(), 4)
    order = [p.stem for p in lib.folder_order(tmp_path)]
    assert order == ["marguerite", "marguerite2", "marguerite10"]


def test_a_playlist_naming_a_missing_track_is_one_line(tmp_path: Path) -> None:
    make_track(tmp_path, "a", "A", 4)
    (tmp_path / "playlist.m3u8").write_text("#EXTM3U\ngone.mp3\na.mp3\n")
    with pytest.raises(InputError, match="lists gone.mp3, which is missing") as err:
        lib.folder_order(tmp_path)
    assert err.value.line == 2  # the playlist's own line, where the fix goes


def test_a_folder_without_mp3s_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no MP3s"):
        lib.collect([tmp_path])


def test_the_real_render_reads_back_whole(library: Path) -> None:
    tracks = lib.collect([library])
    assert [t.name for t in tracks] == ORDER
    real = tracks[1]
    assert real.title == "Short Rest" and real.artist == "A. Teacher"
    assert real.language == "en"
    assert real.note and "Made with holdspace" not in real.note
    assert [c.title for c in real.chapters] == ["Arriving", "Settling", "Resting"]
    assert real.cover is not None and real.cover.mime in ("image/png", "image/jpeg")
    assert dict(real.sidecars).keys() == {".vtt", ".chapters.json", ".lrc", ".cue.json"}
    assert 60 < real.duration_s < 300
    assert len(real.sha256) == 64


def test_optional_sidecars_may_be_missing_and_the_note_is_the_comments_start(
    tmp_path: Path,
) -> None:
    make_track(tmp_path, "bare", "Bare", 4, artist=None, sidecars=(".vtt", ".chapters.json"))
    (track,) = lib.collect([tmp_path / "bare.mp3"])
    assert track.note == NOTE and track.artist is None
    assert [s for s, _ in track.sidecars] == [".vtt", ".chapters.json"]


def test_a_spanish_tracks_note_ends_where_its_spanish_made_with_begins(tmp_path: Path) -> None:
    note = "Una práctica suave y guiada por voz."
    make_track(tmp_path, "es", "Caderas", 4, comment=f"{note} Hecho con holdspace. Voz: piper.")
    (track,) = lib.collect([tmp_path / "es.mp3"])
    assert track.note == note


def test_a_comment_without_the_made_with_words_is_not_a_holdspace_track(tmp_path: Path) -> None:
    make_track(tmp_path, "other", "Other", 4, comment="Recorded in my kitchen.")
    with pytest.raises(InputError, match="not made by holdspace"):
        lib.collect([tmp_path / "other.mp3"])


def test_the_same_file_named_twice_is_published_once(tmp_path: Path) -> None:
    make_track(tmp_path, "a", "A", 4)
    assert len(lib.collect([tmp_path, tmp_path / "a.mp3"])) == 1


def test_natural_order() -> None:
    names = ["x-10m", "x-9m", "X-1m", "x-1m30s", "x-1m"]
    assert sorted(names, key=lib.natural_key) == ["X-1m", "x-1m", "x-1m30s", "x-9m", "x-10m"]


def test_one_script_at_several_lengths_gets_titles_a_listener_can_tell_apart(
    tmp_path: Path,
) -> None:
    """A batch at 10m,20m makes two tracks titled alike: the feed and the page say "(10 min)"
    and "(20 min)", as the batch playlist does; a title used once is left as it is."""
    make_track(tmp_path, "hips-1m", "Hips", 60)
    make_track(tmp_path, "hips-2m", "Hips", 120, frequency=440)
    make_track(tmp_path, "rest", "Rest", 30, frequency=550)
    titles = [t.title for t in lib.collect([tmp_path])]
    assert titles == ["Hips (1 min)", "Hips (2 min)", "Rest"]


def test_two_tracks_named_alike_in_two_folders_are_named_by_their_folder_too(
    tmp_path: Path,
) -> None:
    """A manifest batch's ana/monday.mp3 and ben/monday.mp3 (whether the two may share a site
    is the listeners' privacy, which publish asks about; see test_publish_cli)."""
    for who, hz in (("ana", 330), ("ben", 440)):
        (tmp_path / who).mkdir()
        make_track(tmp_path / who, "monday", "Monday", 4, frequency=hz)
    tracks = lib.collect([tmp_path / "ana", tmp_path / "ben"])
    assert [t.name for t in tracks] == ["ana-monday", "ben-monday"]
    assert [t.source.parent.name for t in tracks] == ["ana", "ben"]


def test_a_note_in_vos_is_set_apart_from_the_description_too(tmp_path: Path) -> None:
    """A track made for Buenos Aires (`language: es-AR`) carries its content note in vos."""
    from generator.care.phrases import comment_note

    note = comment_note("es-AR")
    assert "podés pausar" in note and note != comment_note("es")
    make_track(tmp_path, "ar", "Caderas", 4, comment=f"{note} Hecho con holdspace. Voz: piper.")
    (track,) = lib.collect([tmp_path / "ar.mp3"])
    assert track.note == note
