"""ID3 tags: chapters in time order (CHAP frames and an ordered CTOC), transcript, no dates."""

from __future__ import annotations

from pathlib import Path

from mutagen.id3 import ID3

from generator.output.tags import Chapter, TrackTags, chapter_ids, write_tags


def test_chap_frames_are_written_in_time_order_whatever_their_titles(tmp_path: Path) -> None:
    titles = ["Opening", "Reclined figure four, left side", "Ñ", "A much longer chapter title here",
              "🙂 emoji title", *[f"Part {i}" for i in range(120)]]  # fmt: skip
    chapters = tuple(Chapter(t, i * 1000, (i + 1) * 1000) for i, t in enumerate(titles))
    path = tmp_path / "t.mp3"
    path.write_bytes(b"")
    write_tags(path, TrackTags(title="T", chapters=chapters, transcript="Hello."))
    raw = path.read_bytes()
    positions = [raw.index(eid.encode("latin-1") + b"\x00") for eid in chapter_ids(titles)]
    assert positions == sorted(positions)
    tags = ID3(path)
    assert tags.version[:2] == (2, 3)
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == chapter_ids(titles)
    starts = [tags[f"CHAP:{eid}"].start_time for eid in toc.child_element_ids]
    assert starts == sorted(starts)
    assert not tags.getall("TDRC") and not tags.getall("TYER")  # no dates unless given


def test_tags_are_reproducible(tmp_path: Path) -> None:
    tags = TrackTags(title="T", artist="A", comment="c", transcript="x",
                     chapters=(Chapter("a", 0, 10),))  # fmt: skip
    a, b = tmp_path / "a.mp3", tmp_path / "b.mp3"
    for p in (a, b):
        p.write_bytes(b"")
        write_tags(p, tags)
    assert a.read_bytes() == b.read_bytes()


def test_the_tag_keeps_room_for_a_later_edit(tmp_path: Path) -> None:
    """2 KiB of padding, always the same: a player that changes a tag later (a rating, a fixed
    title) writes it in place instead of rewriting a whole hour of audio."""
    from mutagen.id3 import TIT2

    path = tmp_path / "t.mp3"
    audio = b"\xff\xfb\x90\x00" + bytes(4000)  # what follows the tag: stands in for the MP3
    path.write_bytes(audio)
    write_tags(path, TrackTags(title="T", transcript="Hello."))
    raw = path.read_bytes()
    size = ID3(path).size  # the whole tag, padding included
    assert raw[size:] == audio
    assert raw[size - 2048 : size] == bytes(2048)
    tags = ID3(path)
    tags.add(TIT2(encoding=3, text="A corrected title"))
    tags.save(path, v2_version=3, padding=lambda info: info.padding)  # what a tagger does
    assert ID3(path).size == size  # it fitted in the padding: the audio did not move


def test_a_track_made_for_someone_carries_their_name_for_publish(tmp_path: Path) -> None:
    from generator.output.tags import LISTENER

    path = tmp_path / "t.mp3"
    path.write_bytes(b"")
    write_tags(path, TrackTags(title="T", listener="Jess"))
    assert ID3(path).getall(f"TXXX:{LISTENER}")[0].text == ["Jess"]
    write_tags(path, TrackTags(title="T"))
    assert not ID3(path).getall("TXXX")


def test_a_track_in_usted_says_so_for_publish(tmp_path: Path) -> None:
    """A script's ``address: usted`` is kept in the track, so its published page speaks in
    usted too; a script that says no address adds nothing (its bytes are as before)."""
    from generator.output.tags import ADDRESS

    path = tmp_path / "t.mp3"
    path.write_bytes(b"")
    write_tags(path, TrackTags(title="T", address="usted"))
    assert ID3(path).getall(f"TXXX:{ADDRESS}")[0].text == ["usted"]
