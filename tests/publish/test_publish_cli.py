"""``holdspace publish``: what SITE holds, the order it keeps, and every refusal as one line."""

from __future__ import annotations

import io
import json
import re
import shutil
from html import unescape
from pathlib import Path

import feedparser
import podcastparser
import pytest

from generator.publish import library
from generator.publish import site as site_module

from .conftest import BASE_URL, ORDER, run
from .helpers import cover_png, make_track, snapshot

SHELL = ["index.html", "app.js", "app.css", "sw.js", "manifest.webmanifest"]


def one_line(result: object, *words: str, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A folder with two quick synthetic tracks and no playlist."""
    folder = tmp_path / "small"
    folder.mkdir()
    make_track(folder, "x-10m", "Ten", 8)
    make_track(folder, "x-9m", "Nine", 8, frequency=500)
    return folder


def test_site_holds_tracks_sidecars_page_feed_and_icons(site: Path) -> None:
    names = set(snapshot(site))
    for name in ORDER:
        for suffix in (".mp3", ".vtt", ".chapters.json", ".lrc", ".cue.json"):
            assert f"{name}{suffix}" in names
    for name in [*SHELL, "feed.xml", "icon-192.png", "icon-512.png", "playlist.m3u8"]:
        assert name in names
    manifest = json.loads((site / "manifest.webmanifest").read_text())
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    marker = json.loads((site / site_module.MARKER).read_text())
    assert marker["base_url"] == BASE_URL and marker["tracks"] == ORDER
    playlist = [x for x in (site / "playlist.m3u8").read_text().splitlines() if x[:1] != "#"]
    assert playlist == [f"{n}.mp3" for n in ORDER]


def test_copied_files_are_the_inputs_bytes(site: Path, library: Path) -> None:
    for path in library.iterdir():
        if path.name != "playlist.m3u8":
            assert (site / path.name).read_bytes() == path.read_bytes(), path.name


def test_page_assets_never_name_another_host(site: Path) -> None:
    """Links and sources are relative; the feed's address is shown as text, never fetched."""
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href|action)="([^"]*)"', html)
    for target in re.findall(r'(?:src|href|action)="([^"]*)"', html):
        assert "//" not in target and ":" not in target, target
    assert (
        "@import" not in (site / "app.css").read_text()
        and "url(" not in (site / "app.css").read_text()
    )
    for name in ("app.js", "sw.js"):
        assert "://" not in (site / name).read_text(encoding="utf-8"), name


def test_without_a_playlist_names_sort_naturally(small: Path, tmp_path: Path) -> None:
    assert [p.stem for p in library.folder_order(small)] == ["x-9m", "x-10m"]
    result = run("publish", small, "-o", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "published 2 tracks" in result.stdout
    assert not (tmp_path / "site" / "feed.xml").exists()
    assert "--base-url" in result.stderr  # the note that says how to get a feed


def test_a_base_url_on_this_computer_is_said_to_be_out_of_phones_reach(
    small: Path, tmp_path: Path
) -> None:
    for base, said in (("http://127.0.0.1:8766/", True), ("http://localhost:8000/", True),
                       ("http://192.168.1.20:8000/", False)):  # fmt: skip
        result = run("publish", small, "-o", tmp_path / "site", "--base-url", base)
        assert result.exit_code == 0, result.output
        assert ("this computer's own address" in result.stderr) is said, result.stderr
        assert "serve SITE --lan" in result.stderr or not said


def test_inputs_keep_the_order_given(small: Path, library: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("publish", small / "x-10m.mp3", library, "-o", out).exit_code == 0
    marker = json.loads((out / site_module.MARKER).read_text())
    assert marker["tracks"] == ["x-10m", *ORDER]


def test_image_option_makes_the_icons(small: Path, tmp_path: Path) -> None:
    picture = tmp_path / "me.png"
    picture.write_bytes(cover_png((200, 100, 50), side=600))
    result = run("publish", small, "-o", tmp_path / "site", "--image", picture)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "cover.png").read_bytes() == picture.read_bytes()
    assert "1400" in result.stderr  # smaller than Apple asks: a note, not a refusal


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d / "nothing", ["no such file or folder"]),
        (lambda d: (d / "x-9m.vtt").unlink() or d, ["x-9m.vtt", "missing", "sidecars"]),
        (lambda d: (d / "x-9m.chapters.json").write_text("{") and d, ["chapters", "render"]),
        (lambda d: (d / "notes.txt").write_text("hi") and d / "notes.txt", ["is not an MP3"]),
        (lambda d: (d / "broken.mp3").write_bytes(b"\0" * 100) and d, ["not a readable MP3"]),
    ],
    ids=["missing", "no-captions", "bad-chapters", "not-mp3", "not-audio"],
)
def test_bad_inputs_are_one_line(small: Path, tmp_path: Path, make: object, words: list) -> None:
    result = run("publish", make(small), "-o", tmp_path / "site")  # type: ignore[operator]
    one_line(result, *words)
    assert not (tmp_path / "site").exists()


def test_an_mp3_holdspace_did_not_make_is_refused(tmp_path: Path) -> None:
    make_track(tmp_path, "other", "Other", 5, comment="Recorded at home.")
    one_line(run("publish", tmp_path / "other.mp3", "-o", tmp_path / "s"), "not made by holdspace")


def test_one_name_in_two_folders_is_told_apart_and_twin_recordings_are_refused(
    small: Path, tmp_path: Path
) -> None:
    """A manifest batch writes ana/monday.mp3 and ben/monday.mp3: in the one flat site they are
    named by their folder too (a tester's batch folder was refused as a clash of names)."""
    other = tmp_path / "other"
    other.mkdir()
    make_track(other, "x-9m", "Another nine", 8, frequency=700)
    result = run("publish", small, other, "-o", tmp_path / "s")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "s").glob("*x-9m.mp3"))
    assert names == sorted([f"{small.name}-x-9m.mp3", "other-x-9m.mp3"])
    assert (tmp_path / "s" / "other-x-9m.vtt").exists()
    for path in small.glob("x-9m.*"):
        shutil.copyfile(path, other / path.name.replace("x-9m", "copy"))
    (other / "x-9m.mp3").unlink()
    one_line(run("publish", small, other, "-o", tmp_path / "s"), "same recording")


@pytest.mark.parametrize(
    ("output", "words"),
    [
        (lambda d: d, ["is the input"]),
        (lambda d: d / "site", ["inside the input folder"]),
        (lambda d: d / "x-9m.mp3", ["inside the input folder"]),
        (lambda d: d.parent / "no" / "site", ["does not exist"]),
    ],
    ids=["same-folder", "inside-input", "input-file", "no-parent"],
)
def test_never_writes_into_an_input(small: Path, output: object, words: list) -> None:
    before = snapshot(small)
    one_line(run("publish", small, "-o", output(small)), *words)  # type: ignore[operator]
    assert snapshot(small) == before and not (small / "site").exists()


def test_output_equal_to_an_input_file_is_refused(small: Path) -> None:
    mp3 = small / "x-9m.mp3"
    one_line(run("publish", mp3, "-o", mp3), "is the input")


def test_an_input_inside_the_site_is_refused(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("publish", small, "-o", out).exit_code == 0
    one_line(run("publish", out / "x-9m.mp3", "-o", out), "replaces whole")


def test_a_folder_publish_did_not_make_is_kept(small: Path, tmp_path: Path) -> None:
    mine = tmp_path / "photos"
    mine.mkdir()
    (mine / "cat.jpg").write_bytes(b"meow")
    one_line(run("publish", small, "-o", mine), "did not make", "new or empty folder")
    assert (mine / "cat.jpg").read_bytes() == b"meow"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("publish", small, "-o", empty).exit_code == 0


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--base-url", "example.org/tracks", ["absolute address"]),
        ("--base-url", "ftp://example.org/", ["absolute address"]),
        ("--base-url", "http://example.org/?x=1", ["'?'"]),
        ("--date", "1 Jan", ["YYYY-MM-DD"]),
        ("--language", "English!", ["language code"]),
        ("--category", "Mental Helth", ["did you mean 'Health & Fitness > Mental Health'?"]),
        (
            "--category",
            "Yoga",
            ["not a podcast category", "'Religion & Spirituality > Spirituality'"],
        ),
        ("--category", "Health", ["'Health & Fitness' or"]),
    ],
)
def test_bad_options_are_one_line(
    small: Path, tmp_path: Path, option: str, value: str, words: list
) -> None:
    one_line(run("publish", small, "-o", tmp_path / "s", option, value), *words)


@pytest.mark.parametrize(
    ("given", "listed"),
    [
        ("Health & Fitness > Mental Health", ["Health & Fitness", "Mental Health"]),
        ("mental health", ["Health & Fitness", "Mental Health"]),
        ("Religion and Spirituality / Spirituality", ["Religion & Spirituality", "Spirituality"]),
        ("Self Improvement", ["Education", "Self-Improvement"]),
        ("True Crime", ["True Crime"]),
    ],
)
def test_the_category_apps_list_the_podcast_under(
    small: Path, tmp_path: Path, given: str, listed: list[str]
) -> None:
    out = tmp_path / "site"
    result = run("publish", small, "-o", out, "--base-url", BASE_URL, "--category", given)
    assert result.exit_code == 0, result.output
    feed = (out / "feed.xml").read_bytes()
    parsed = podcastparser.parse(BASE_URL + "feed.xml", io.BytesIO(feed))
    assert parsed["itunes_categories"] == [listed]
    tags = feedparser.parse(feed).feed.tags  # feedparser: the category and its subcategory
    assert [t.term for t in tags] == listed


def test_a_bad_image_is_one_line(small: Path, tmp_path: Path) -> None:
    wide = tmp_path / "wide.png"
    wide.write_bytes(cover_png())
    from PIL import Image

    Image.new("RGB", (900, 500)).save(wide)
    one_line(run("publish", small, "-o", tmp_path / "s", "--image", wide), "square")
    text = tmp_path / "pic.png"
    text.write_text("not a picture")
    result = run("publish", small, "-o", tmp_path / "s", "--image", text)
    one_line(result, "PNG or JPEG")
    assert "BytesIO" not in result.stderr and "object at 0x" not in result.stderr


def test_a_failure_leaves_the_old_site_as_it_was(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert run("publish", small, "-o", out, "--base-url", BASE_URL).exit_code == 0
    before = snapshot(out)
    make_track(small, "x-11m", "Eleven", 8, frequency=600)

    def broken(*args: object, **kwargs: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_module, "feed_xml", broken)
    result = run("publish", small, "-o", out, "--base-url", BASE_URL)
    one_line(result, "No space left", "untouched", code=1)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "small"]  # no temp left


def test_ctrl_c_while_the_new_site_goes_in_finishes_the_swap_and_leaves_no_old_site(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the new site is whole, Ctrl-C (here: arriving just as it is swapped in) neither
    stops the old site's removal, which left it hidden beside the new one, nor makes publish
    claim the old site is untouched. Folders an earlier killed publish left are cleared."""
    import os
    import signal

    out = tmp_path / "site"
    assert run("publish", small, "-o", out, "--base-url", BASE_URL).exit_code == 0
    (tmp_path / ".site.publish-killed.tmp").mkdir()  # as a kill -9 would leave it
    (tmp_path / ".site.publish-killed.tmp" / "feed.xml").write_text("old")
    real_swap = site_module.swap

    def swap_then_ctrl_c(new: Path, site: Path) -> None:
        real_swap(new, site)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(site_module, "swap", swap_then_ctrl_c)
    result = run("publish", small, "-o", out, "--base-url", "http://127.0.0.1:9999/")
    assert result.exit_code == 0, result.output
    assert "127.0.0.1:9999" in (out / "feed.xml").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "small"]


def test_a_new_track_changes_nothing_else(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("publish", small, "-o", out, "--base-url", BASE_URL).exit_code == 0
    before = snapshot(out)
    make_track(small, "x-11m", "Eleven", 8, frequency=600)
    assert run("publish", small, "-o", out, "--base-url", BASE_URL).exit_code == 0
    after = snapshot(out)
    assert {k for k in before if before[k] != after.get(k)} <= {
        "feed.xml", "index.html", "sw.js", "playlist.m3u8", site_module.MARKER,
        "manifest.webmanifest",
    }  # fmt: skip


def test_a_local_address_points_phones_at_apps_that_can_reach_it(site: Path) -> None:
    """A tester's page, at 127.0.0.1, told students to use Pocket Casts or Apple Podcasts, which
    fetch feeds from their own servers and cannot reach a local address."""
    from generator.publish.page import local_address

    page = (site / "index.html").read_text(encoding="utf-8")
    assert "AntennaPod" in page and "cannot reach it" in page
    for url in ("http://127.0.0.1:8765/", "http://192.168.1.20:8765/", "http://studio.local/"):
        assert local_address(url), url
    assert not local_address("https://example.org/tracks/")
    assert not local_address("http://93.184.216.34/")


@pytest.mark.parametrize(
    ("author", "byline"), [("Para Lucía", None), ("Consulta Serena", "Consulta Serena")]
)
def test_the_author_is_shown_under_the_title_only_when_it_says_more(
    small: Path, tmp_path: Path, author: str, byline: str | None
) -> None:
    """A listener's site is titled and authored "Para Lucía" by default: shown once."""
    site = tmp_path / "site"
    assert (
        run("publish", small, "-o", site, "--title", "Para Lucía", "--author", author).exit_code
        == 0
    )
    html = (site / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<p class="byline">([^<]*)</p>', html)
    assert found == ([byline] if byline else []), found
    assert html.count("<h1>Para Lucía</h1>") == 1


def _made_for(mp3: Path, name: str) -> None:
    """Tag ``mp3`` as holdspace tags a track a manifest row made for ``name``."""
    from mutagen.id3 import ID3, TXXX

    from generator.output.tags import LISTENER

    tags = ID3(mp3)
    tags.add(TXXX(encoding=3, desc=LISTENER, text=name))
    tags.save(mp3)


def test_a_site_of_tracks_in_usted_speaks_in_usted(small: Path, tmp_path: Path) -> None:
    """A therapist's tracks in usted were published under a page in tú ("Puedes pausar…",
    "Escúchalo…", "Añade esta dirección"): the page now follows the tracks' address."""
    from mutagen.id3 import ID3, TXXX

    from generator.output.tags import ADDRESS

    plain = tmp_path / "plain"  # tracks that say no address: the page in tú, as before
    assert run("publish", small, "-o", plain, "--language", "es").exit_code == 0
    assert "Puedes pausar" in (plain / "index.html").read_text(encoding="utf-8")
    for mp3 in small.glob("*.mp3"):
        tags = ID3(mp3)
        tags.add(TXXX(encoding=3, desc=ADDRESS, text="usted"))
        tags.save(mp3)
    site = tmp_path / "site"
    args = ("--language", "es", "--base-url", "https://ejemplo.org/pistas/")
    assert run("publish", small, "-o", site, *args).exit_code == 0
    html = (site / "index.html").read_text(encoding="utf-8")
    for said in ("Puede pausar", "Escúchelo en una aplicación", "Agregue esta dirección"):
        assert said in html, said
    assert not re.search(r"\b(?:Puedes|Escúchalo|Añade|guarda antes)\b", html)
    words = json.loads(unescape(re.search(r'data-words="([^"]*)"', html)[1]))
    assert "guarde antes la pista" in words["transcript_offline"]  # said by the page's script


def test_a_site_mixing_tracks_made_for_named_listeners_is_refused_unless_asked(
    small: Path, tmp_path: Path
) -> None:
    """A teacher published two clients' tracks ("Hello, Jess… notes for pregnancy") with the
    group's, and nothing said so; then it was only a note, and a therapist sending one link to
    six clients would have shared each one's name and health notes with the others."""
    alone = run("publish", small, "-o", tmp_path / "plain")
    assert alone.exit_code == 0 and "made for" not in alone.stderr, alone.stderr
    _made_for(small / "x-9m.mp3", "Jess")
    refused = run("publish", small, "-o", tmp_path / "mixed")
    assert refused.exit_code == 2, refused.output
    (line,) = refused.stderr.splitlines()
    assert "this site mixes tracks made for Jess with 1 track for anyone:" in line
    assert "nothing was written" in line and "--mixed-listeners" in line
    assert "a site of their own" in line and not (tmp_path / "mixed").exists()
    result = run("publish", small, "-o", tmp_path / "mixed", "--mixed-listeners")
    assert result.exit_code == 0, result.output
    note = next(line for line in result.stderr.splitlines() if "made for" in line)
    assert note.startswith("note: this site mixes tracks made for Jess with 1 track for anyone:")
    assert note.endswith("as --mixed-listeners asked")
    assert library.read_track(small / "x-9m.mp3").listener == "Jess"
    page = (tmp_path / "mixed" / "index.html").read_text(encoding="utf-8")
    whose = re.findall(r'<h2 id="t-([^"]*)">[^<]*</h2>\s*<p class="for">([^<]*)</p>', page)
    assert whose == [("x-9m", "For Jess")], whose  # whose track is whose; the group's says nothing
    _made_for(small / "x-10m.mp3", "Dave")
    two = run("publish", small, "-o", tmp_path / "two")
    assert two.exit_code == 2 and "tracks made for Dave and Jess:" in two.stderr, two.stderr
    only_jess = tmp_path / "jess"
    only_jess.mkdir()
    shutil.copy(small / "x-9m.mp3", only_jess)
    for side in small.glob("x-9m.*"):
        shutil.copy(side, only_jess)
    own = run("publish", only_jess, "-o", tmp_path / "for-jess")
    assert own.exit_code == 0 and "made for" not in own.stderr, own.stderr  # her own site
    # its title is the tracks' album, which does not name her: each track says whom it is for
    assert '<p class="for">For Jess</p>' in (tmp_path / "for-jess" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_listener_s_album_names_only_a_site_of_their_own_tracks(
    small: Path, tmp_path: Path
) -> None:
    """Two clients' tracks published together were titled "Para Lucía", the first one's album."""
    from mutagen.id3 import ID3, TALB

    for mp3, name in ((small / "x-10m.mp3", "Sam"), (small / "x-9m.mp3", "Lucía")):
        _made_for(mp3, name)
        tags = ID3(mp3)
        tags.add(TALB(encoding=3, text=f"For {name}"))
        tags.save(mp3)
    assert run("publish", small, "-o", tmp_path / "both", "--mixed-listeners").exit_code == 0
    title = (tmp_path / "both" / "index.html").read_text(encoding="utf-8")
    assert "For Lucía" not in title.split("</h1>")[0] and "For Sam" not in title.split("</h1>")[0]
    assert "Tracks by A. Teacher" in title.split("</h1>")[0]
    (small / "x-10m.mp3").unlink()
    assert run("publish", small, "-o", tmp_path / "hers", "--mixed-listeners").exit_code == 0
    assert "For Lucía" in (tmp_path / "hers" / "index.html").read_text(encoding="utf-8")


def _commented(mp3: Path, extra: str) -> None:
    """Add ``extra`` to ``mp3``'s comment, before holdspace's "Made with" line."""
    from mutagen.id3 import ID3

    tags = ID3(mp3)
    (comm,) = tags.getall("COMM")
    comm.text = [f"{extra} {comm.text[0]}"]
    tags.save(mp3)


def test_a_track_with_health_notes_beside_others_is_said(small: Path, tmp_path: Path) -> None:
    """A teacher published "Caderas en la silla para Marta" (her name in the script's greeting,
    notes for her hip replacement) with the class's tracks, and nothing said so."""
    from generator.care.phrases import caution_intros

    (intro,) = caution_intros("es", ["hip_replacement"])
    _commented(small / "x-9m.mp3", intro)
    result = run("publish", small, "-o", tmp_path / "site")
    assert result.exit_code == 0, result.output
    (note,) = [line for line in result.stderr.splitlines() if "carries notes" in line]
    assert "carries notes for hip replacement that the site's other tracks do not" in note
    assert "a site of its own" in note
    _commented(small / "x-10m.mp3", intro)  # a class with the same notes for everyone
    again = run("publish", small, "-o", tmp_path / "site")
    assert again.exit_code == 0 and "carries notes" not in again.stderr, again.stderr


def test_a_site_made_for_a_named_listener_is_kept_out_of_directories(
    small: Path, tmp_path: Path
) -> None:
    """A client's name and health notes: the feed asks directories not to list it and the page
    asks search engines not to index it; an app still subscribes by its address."""
    group = tmp_path / "group"
    assert run("publish", small, "-o", group, "--base-url", BASE_URL).exit_code == 0
    feed = (group / "feed.xml").read_text(encoding="utf-8")
    assert "block>" not in feed
    assert "noindex" not in (group / "index.html").read_text(encoding="utf-8")
    for mp3 in small.glob("*.mp3"):
        _made_for(mp3, "Derek")
    own = tmp_path / "derek"
    assert run("publish", small, "-o", own, "--base-url", BASE_URL).exit_code == 0
    _asks_not_to_be_listed(own)


def _asks_not_to_be_listed(site: Path) -> None:
    """The feed asks directories not to list it (and still parses), the page asks search
    engines not to index it."""
    data = (site / "feed.xml").read_bytes()
    assert (
        b"<itunes:block>Yes</itunes:block>" in data
        and b"<podcast:block>yes</podcast:block>" in data
    )
    assert len(podcastparser.parse(BASE_URL + "feed.xml", io.BytesIO(data))["episodes"]) == 2
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_unlisted_keeps_any_site_out_of_directories_and_search(small: Path, tmp_path: Path) -> None:
    """A class's tracks for the parents: --unlisted asks what a named listener's site asks."""
    site = tmp_path / "class"
    result = run("publish", small, "-o", site, "--base-url", BASE_URL, "--unlisted")
    assert result.exit_code == 0, result.output
    _asks_not_to_be_listed(site)


def test_one_listeners_site_under_another_title_says_whom_each_track_is_for(
    small: Path, tmp_path: Path
) -> None:
    """A school counsellor's album ("Year 10 Wellbeing") titled Zoë's own site: a parent could
    not tell it was their child's. Each track says "For Zoë" unless the title already does."""
    for mp3 in small.glob("*.mp3"):
        _made_for(mp3, "Zoë")
    site = tmp_path / "zoe"
    assert run("publish", small, "-o", site, "--title", "Year 10 Wellbeing").exit_code == 0
    page = (site / "index.html").read_text(encoding="utf-8")
    assert page.count('<p class="for">For Zoë</p>') == 2
    named = tmp_path / "named"
    assert run("publish", small, "-o", named, "--title", "For Zoë").exit_code == 0
    assert '<p class="for">' not in (named / "index.html").read_text(encoding="utf-8")


def test_a_manifest_batch_s_folders_of_one_name_are_refused_for_privacy_not_for_names(
    tmp_path: Path,
) -> None:
    """A tester's batch wrote doreen/chair-hips.mp3 and arthur/chair-hips.mp3: publishing the
    batch's folder was refused as a clash of names, with or without --mixed-listeners, so the
    privacy reason the docs give was never said. Now it is, and with --mixed-listeners the two
    are published, named by folder."""
    batch = tmp_path / "clients"
    for who, freq in (("doreen", 330), ("arthur", 550)):
        (batch / who).mkdir(parents=True)
        make_track(batch / who, "chair-hips", "Chair Hips", 8, frequency=freq)
        _made_for(batch / who / "chair-hips.mp3", who.title())
    (batch / "playlist.m3u8").write_text("#EXTM3U\ndoreen/chair-hips.mp3\narthur/chair-hips.mp3\n")
    refused = run("publish", batch, "-o", tmp_path / "site")
    assert refused.exit_code == 2, refused.output
    assert "this site mixes tracks made for Arthur and Doreen:" in refused.stderr, refused.stderr
    mixed = run("publish", batch, "-o", tmp_path / "site", "--mixed-listeners")
    assert mixed.exit_code == 0, mixed.output
    site = sorted(p.name for p in (tmp_path / "site").glob("*.mp3"))
    assert site == ["arthur-chair-hips.mp3", "doreen-chair-hips.mp3"]
