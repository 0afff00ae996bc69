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
