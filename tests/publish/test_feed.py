"""The feed, read by the parsers real podcast clients use: gPodder's podcastparser and feedparser.

Every episode must have its enclosure (absolute URL, exact byte length, audio/mpeg), its length
(± 1 s of what ffprobe measures), its chapters and transcript (URLs that name files in SITE), a
guid that survives re-publishing, and apps must list the episodes in the library's order.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from urllib.parse import unquote

import feedparser
import podcastparser
import pytest

from .conftest import BASE_URL, ORDER, run
from .helpers import need_tool, snapshot

PODCAST_NS = "https://podcastindex.org/namespace/1.0"


def in_site(site: Path, url: str) -> Path:
    """The SITE file an absolute feed URL names (it must be under the base URL)."""
    assert url.startswith(BASE_URL), url
    path = site / unquote(url[len(BASE_URL) :])
    assert path.is_file(), url
    return path


def probe_seconds(path: Path) -> float:
    need_tool("ffprobe")
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    return float(out.stdout.strip())


def titles_in_order(site: Path) -> list[str]:
    return [json.loads((site / f"{n}.chapters.json").read_text())["title"] for n in ORDER]


@pytest.fixture(scope="module")
def parsed(site: Path) -> dict:
    data = (site / "feed.xml").read_bytes()
    return podcastparser.parse(BASE_URL + "feed.xml", io.BytesIO(data))


def test_podcastparser_reads_every_episode_whole(site: Path, parsed: dict) -> None:
    assert parsed["title"] == "Test Library"
    assert parsed["language"] == "en"
    assert parsed["itunes_categories"] == [["Health & Fitness", "Alternative Health"]]
    assert in_site(site, parsed["cover_url"]).suffix in (".png", ".jpg")
    episodes = parsed["episodes"]  # sorted newest first, as apps do
    assert [e["title"] for e in episodes] == titles_in_order(site)
    for episode in episodes:
        (enclosure,) = episode["enclosures"]
        mp3 = in_site(site, enclosure["url"])
        assert enclosure["mime_type"] == "audio/mpeg"
        assert enclosure["file_size"] == mp3.stat().st_size
        assert abs(episode["total_time"] - probe_seconds(mp3)) <= 1.0
        assert episode["description"]
        in_site(site, episode["episode_art_url"])
        assert episode["guid"].startswith("holdspace:sha256:")


def test_podcastparser_reads_chapters_and_transcript_under_the_namespace(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """podcastparser 0.6.11 (and its main branch) knows the podcast namespace only by its old
    address; the spec says clients must treat the two as one. Taught the current address, it
    finds every episode's chapters and transcript."""
    names = dict(podcastparser.Namespace.NAMESPACES, **{PODCAST_NS: "podcast"})
    monkeypatch.setattr(podcastparser.Namespace, "NAMESPACES", names)
    data = (site / "feed.xml").read_bytes()
    episodes = podcastparser.parse(BASE_URL + "feed.xml", io.BytesIO(data))["episodes"]
    assert len(episodes) == len(ORDER)
    for episode in episodes:
        chapters = json.loads(in_site(site, episode["chapters_json_url"]).read_text())
        assert chapters["version"] == "1.2.0" and chapters["chapters"]
        vtt = in_site(site, episode["transcript_url"]).read_text()
        assert vtt.startswith("WEBVTT")


def test_feedparser_reads_the_same_feed(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed["title"] == "Test Library"
    assert feed.feed["podcast_guid"]
    assert feed.feed["image"]["href"].startswith(BASE_URL)
    entries = sorted(feed.entries, key=lambda e: e.published_parsed, reverse=True)
    assert [e.title for e in entries] == titles_in_order(site)
    assert [e.title for e in feed.entries] == titles_in_order(site)  # document order too
    for entry in entries:
        (enclosure,) = [link for link in entry.links if link.rel == "enclosure"]
        mp3 = in_site(site, enclosure.href)
        assert int(enclosure.length) == mp3.stat().st_size
        h, m, s = (int(x) for x in entry.itunes_duration.split(":"))
        assert abs(h * 3600 + m * 60 + s - probe_seconds(mp3)) <= 1.0
        assert entry.podcast_chapters["type"] == "application/json+chapters"
        chapters = in_site(site, entry.podcast_chapters["url"])
        assert chapters.name == mp3.stem + ".chapters.json"
        assert entry.podcast_transcript["type"] == "text/vtt"
        assert in_site(site, entry.podcast_transcript["url"]).name == mp3.stem + ".vtt"
        # a rendered track says what it holds first, then its content note; the hand-made ones
        # have a note of their own
        rendered = entry.title == "Short Rest"
        assert entry.summary.startswith("This practice takes about" if rendered else "A gentle")
        assert "A gentle" in entry.summary and "Made with holdspace" not in entry.summary
        in_site(site, entry.image["href"])


def test_the_feed_declares_the_namespaces(site: Path) -> None:
    head = (site / "feed.xml").read_text(encoding="utf-8").split("<channel>")[0]
    assert head.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert f'xmlns:podcast="{PODCAST_NS}"' in head
    assert 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"' in head


def test_republishing_gives_the_same_bytes_and_guids(
    site: Path, library: Path, tmp_path: Path
) -> None:
    again = tmp_path / "site"
    result = run("publish", library, "-o", again, "--base-url", BASE_URL, "--title", "Test Library")
    assert result.exit_code == 0, result.output
    assert snapshot(again) == snapshot(site)
    before = snapshot(again)
    result = run("publish", library, "-o", again, "--base-url", BASE_URL, "--title", "Test Library")
    assert result.exit_code == 0, result.output
    assert snapshot(again) == before  # over an existing site too


def test_guids_follow_the_audio_not_the_address(library: Path, tmp_path: Path) -> None:
    def guids(base: str) -> list[str]:
        out = tmp_path / base.split("//")[1].replace("/", "_").replace(":", "_")
        assert run("publish", library, "-o", out, "--base-url", base).exit_code == 0
        return [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]

    assert guids("http://127.0.0.1:8000/") == guids("https://example.org/tracks/")


def test_a_base_url_with_spaces_or_accents_is_written_as_a_url(
    library: Path, tmp_path: Path
) -> None:
    """A folder named "my tracks" works in a browser's address bar; the feed must hold a valid
    URL, which podcast apps fetch as it is."""
    out = tmp_path / "site"
    base = "http://127.0.0.1:8000/my tracks/Évening/"
    assert run("publish", library, "-o", out, "--base-url", base).exit_code == 0
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    url = feed.entries[0].enclosures[0].href
    assert url.startswith("http://127.0.0.1:8000/my%20tracks/%C3%89vening/") and " " not in url
    assert not feed.bozo
    bad = run("publish", library, "-o", tmp_path / "s2", "--base-url", "http://my host/")
    assert bad.exit_code == 2 and "no spaces" in bad.stderr


def test_the_docs_list_every_category_publish_takes() -> None:
    from generator.publish.feed import CATEGORIES

    docs = (Path(__file__).parents[2] / "docs" / "phones.md").read_text("utf-8")
    listed = " ".join(docs.split("The list:\n", 1)[1].split("\n- **")[0].split())
    for top, subs in CATEGORIES.items():
        assert (f"{top} ({', '.join(subs)})" if subs else f"{top};") in listed + ";", top
