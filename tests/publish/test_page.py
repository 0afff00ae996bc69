"""The page in a real headless Chromium (Debian's ``chromium``, driven by Playwright; no browser is
ever downloaded): players, chapters and transcript that seek, keyboard use, a phone-width layout,
and a saved track that plays and seeks with the network and the server gone."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from generator.publish import server

from .conftest import ORDER
from .helpers import need

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need(CHROMIUM.exists(), "chromium", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright (Python package)", "pip install playwright")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser context that records every URL it asks for."""

    def __init__(self, browser: object, base: str, width: int = 360, csp: bool = False) -> None:
        """``csp``: keep the page's Content-Security-Policy, which also forbids the ``eval`` that
        Playwright's ``wait_for_function`` needs; tests that poll the page set it aside."""
        self.base = base
        self.urls: list[str] = []
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": 780}, bypass_csp=not csp
        )
        self.context.on("request", lambda request: self.urls.append(request.url))
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.goto(base)
        self.page.wait_for_selector("body[data-offline-ready]")

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)

    def close(self) -> None:
        outside = [u for u in self.urls if not u.startswith(self.base)]
        self.context.close()
        assert outside == [], outside
        assert self.errors == []


@pytest.fixture
def visit(browser: object, live: str) -> Iterator[Visit]:
    v = Visit(browser, live)
    yield v
    v.close()


def audio(track: str) -> str:
    return f"document.querySelector('#{track} audio')"


def test_one_player_per_track_in_library_order(browser: object, live: str, tmp_path: Path) -> None:
    visit = Visit(browser, live, csp=True)  # the page works under its own policy
    page = visit.page
    assert page.locator("audio").count() == len(ORDER)
    assert visit.js("[...document.querySelectorAll('article')].map(a => a.id)") == ORDER
    assert visit.js(f"{audio('short-rest')}.canPlayType('audio/mpeg')") != ""
    for track in ORDER:
        article = page.locator(f"#{track}")
        assert article.locator("a[download]").get_attribute("href") == f"{track}.mp3"
        assert ":" in article.locator(".meta").inner_text()  # the length, m:ss
        if track != "short-rest":  # made by hand, with a note of its own: shown whole
            assert article.locator(".note").inner_text().startswith("A gentle")
            assert article.locator(".care").count() == 0
            continue
        # rendered: the player first (on a phone screen), then what it holds, then the content
        # note (a tester's four-line title and six-line "what it holds" pushed the player off)
        assert article.locator(".note:not(.care)").inner_text().startswith("This practice takes")
        assert article.locator(".note.care").inner_text().startswith("A gentle")
        after = f"document.querySelector('#{track} audio').compareDocumentPosition("
        assert visit.js(f"{after}document.querySelector('#{track} .note:not(.care)'))") & 4
        assert visit.js(f"{after}document.querySelector('#{track} .care'))") & 4  # follows
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: a player before scrolling
    bottom = visit.js("document.querySelector('article audio').getBoundingClientRect().bottom")
    assert bottom <= 844, bottom
    page.screenshot(path=str(tmp_path / "page-360.png"), full_page=True)
    visit.close()


def test_installable(visit: Visit) -> None:
    """Chromium's own check; Playwright's contexts are incognito, which is its only objection."""
    visit.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp = visit.context.new_cdp_session(visit.page)
    assert cdp.send("Page.getAppManifest")["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []


def test_over_plain_http_on_a_lan_it_says_saving_needs_https(browser: object, live: str) -> None:
    """Phones reach ``serve --lan`` over plain http, where browsers allow no service worker:
    the page still plays, and says why there is no "Save for offline"."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.add_init_script("Object.defineProperty(window, 'isSecureContext', {value: false})")
    page.goto(live)
    page.wait_for_selector(".no-offline:not([hidden])")
    assert page.locator(".offline:not([hidden]), .offline-all:not([hidden])").count() == 0
    assert page.locator("audio").count() == len(ORDER)
    # near the top, under the intro that says "offline", not after every track (staff on their
    # phones never scrolled that far)
    note = page.locator(".no-offline").bounding_box()
    first = page.locator("audio").first.bounding_box()
    assert note and first and note["y"] < first["y"]
    context.close()


def test_one_track_has_its_own_save_button_and_no_save_all(
    browser: object, library: Path, tmp_path: Path
) -> None:
    """A client's site of one track said "Save all for offline" beside the track's own button."""
    from .conftest import run

    one = tmp_path / "one"
    one.mkdir()
    for path in library.glob("b-morning.*"):
        (one / path.name).write_bytes(path.read_bytes())
    assert run("publish", one, "-o", tmp_path / "site").exit_code == 0
    httpd = server.start(tmp_path / "site", "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        v = Visit(browser, f"http://127.0.0.1:{httpd.port}/", csp=True)
        assert v.page.locator("article .offline:not([hidden]) button.save").count() == 1
        assert v.page.locator(".offline-all:not([hidden])").count() == 0
        v.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fits_a_320_pixel_screen(browser: object, live: str) -> None:
    v = Visit(browser, live, width=320, csp=True)
    assert v.js("document.documentElement.scrollWidth") <= 320
    v.close()


def test_chapter_click_seeks_to_its_start(visit: Visit) -> None:
    button = visit.page.locator("#a-evening ol.chapters button").nth(1)
    start = float(button.get_attribute("data-start"))
    assert start == 12.0
    button.click()
    # at the chapter (it may already be playing on: a busy machine once read 0.1 s past it)
    assert start - 0.1 <= visit.js(f"{audio('a-evening')}.currentTime") < start + 5
    # It really went there: the audio plays on from the chapter (a Range request to the server).
    visit.page.wait_for_function(f"{audio('a-evening')}.currentTime > {start + 0.2}")
    assert visit.js(f"{audio('a-evening')}.currentTime") < start + 5
    assert button.get_attribute("aria-current") == "true"
    visit.js(f"{audio('a-evening')}.pause()")


def test_transcript_highlight_follows_playback_and_seeks(visit: Visit) -> None:
    page = visit.page
    page.locator("#a-evening details.transcript summary").click()
    page.wait_for_selector("#a-evening details.transcript[data-ready]")
    cues = page.locator("#a-evening ol.cues button")
    assert cues.count() == 6  # cues at 2, 8, 14, 20, 26, 32 s
    current = "#a-evening ol.cues button[aria-current=true]"
    visit.js(f"(() => {{ const a = {audio('a-evening')}; a.currentTime = 19.5; a.play(); }})()")
    page.wait_for_function(f"document.querySelector('{current}')?.dataset.start === '14'")
    page.wait_for_function(f"document.querySelector('{current}')?.dataset.start === '20'")
    # the page marks a cue up to 50 ms early (a timeupdate comes every ~250 ms)
    assert visit.js(f"{audio('a-evening')}.currentTime") >= 20 - 0.05
    cues.nth(4).click()  # "Line 5", at 26 s
    assert abs(visit.js(f"{audio('a-evening')}.currentTime") - 26) <= 0.1
    page.wait_for_function(f"document.querySelector('{current}')?.dataset.start === '26'")
    visit.js(f"{audio('a-evening')}.pause()")


def test_keyboard_alone_reaches_and_uses_a_chapter(visit: Visit) -> None:
    page = visit.page
    second = page.locator("#b-morning ol.chapters li").nth(1).locator("button")
    start = float(second.get_attribute("data-start"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if visit.js("document.activeElement.closest('#b-morning ol.chapters li + li') !== null"):
            break
    else:
        pytest.fail("Tab never reached the second chapter of Morning Breath")
    page.keyboard.press("Enter")
    assert abs(visit.js(f"{audio('b-morning')}.currentTime") - start) <= 0.1
    visit.js(f"{audio('b-morning')}.pause()")


def test_saved_track_plays_and_seeks_with_no_network_and_no_server(
    browser: object, site: Path
) -> None:
    httpd = server.start(site, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    v = Visit(browser, f"http://127.0.0.1:{httpd.port}/")
    page = v.page
    try:
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.locator("#short-rest button.save").click()
        page.wait_for_selector("#short-rest[data-saved=true]", timeout=30_000)
        assert "Saved" in page.locator("#short-rest .offline .status").inner_text()
        page.wait_for_function("navigator.serviceWorker.controller !== null")
    finally:
        httpd.shutdown()
        httpd.server_close()
    v.context.set_offline(True)
    page.reload()
    page.wait_for_selector("body[data-offline-ready]")
    assert page.locator("#short-rest[data-saved=true]").count() == 1
    assert "connection" in page.locator("#a-evening .offline .status").inner_text()
    assert page.locator("#short-rest ol.chapters button").count() == 3
    player = audio("short-rest")
    v.js(f"{player}.play()")
    page.wait_for_function(f"{player}.currentTime > 0.3")
    v.js(f"(() => {{ const a = {player}; a.currentTime = 60; }})()")
    page.wait_for_function(f"!{player}.seeking && {player}.currentTime >= 60")
    page.wait_for_function(f"{player}.currentTime > 60.3")  # plays on from there
    assert v.js(f"{player}.error") is None
    check_ranges_from_the_cache(v, (site / "short-rest.mp3").read_bytes())
    page.locator("#short-rest details.transcript summary").click()
    page.wait_for_selector("#short-rest details.transcript[data-ready]")  # the saved .vtt
    v.js(f"{player}.pause()")
    v.close()


RANGED_FETCH = """async (range) => {
  const r = await fetch("short-rest.mp3", {headers: {Range: range}});
  const body = await r.arrayBuffer();
  const hash = await crypto.subtle.digest("SHA-256", body);
  const hex = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return [r.status, r.headers.get("content-range"), hex];
}"""


def check_ranges_from_the_cache(v: Visit, data: bytes) -> None:
    """Offline, the service worker answers Range requests from the saved file: 206, the right
    Content-Range and exactly those bytes (suffix and open-ended ranges too), 416 past the end."""
    size = len(data)
    cases = {
        "bytes=0-99": (0, 100),
        "bytes=100000-199999": (100_000, 200_000),
        "bytes=500000-": (500_000, size),
        "bytes=-777": (size - 777, size),
        f"bytes={size - 5}-{size + 100}": (size - 5, size),
    }
    for header, (a, b) in cases.items():
        status, content_range, digest = v.js(RANGED_FETCH, header)
        assert status == 206, header
        assert content_range == f"bytes {a}-{b - 1}/{size}", header
        assert digest == hashlib.sha256(data[a:b]).hexdigest(), header
    status, content_range, _ = v.js(RANGED_FETCH, f"bytes={size}-")
    assert status == 416 and content_range == f"bytes */{size}"
    v.errors[:] = [e for e in v.errors if "status of 416" not in e]  # the console's note of it


def test_save_all_saves_every_track(browser: object, live: str) -> None:
    v = Visit(browser, live)
    try:
        v.page.locator("button.save-all").click()
        for track in ORDER:
            v.page.wait_for_selector(f"#{track}[data-saved=true]", timeout=30_000)
        assert "All tracks" in v.page.locator(".offline-all .status").inner_text()
        v.page.locator("#a-evening button.save").click()  # "Remove offline copy"
        v.page.wait_for_selector("#a-evening[data-saved=false]")
    finally:
        v.close()


def test_a_spanish_site_speaks_spanish_in_the_page_and_in_its_script(
    browser: object, library: Path, tmp_path: Path
) -> None:
    """A site in Spanish (the tracks' language, or --language es): the page, the feed's defaults
    and what the script says while saving are in Spanish; a track in another language than the
    site is marked with its own, for screen readers."""
    import feedparser

    from .conftest import run

    out = tmp_path / "sitio"
    assert run("publish", library, "-o", out, "--language", "es").exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in html and "Descargar el MP3" in html and "Transcripción" in html
    assert "Download the MP3" not in html and "Save for offline" not in html
    assert "Los enlaces de descarga funcionan" in html  # no feed without --base-url
    assert re.search(r"Descargar el MP3 \(\d+,\d MB\)", html)  # a decimal comma
    assert "ordenador" not in html  # Spain's word: "equipo" is understood everywhere
    httpd = server.start(out, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    v = Visit(browser, f"http://127.0.0.1:{httpd.port}/")
    try:
        v.page.locator("#a-evening button.save").click()
        v.page.wait_for_selector("#a-evening[data-saved=true]", timeout=30_000)
        status = v.page.locator("#a-evening .offline .status").inner_text()
        assert status.startswith("Guardada en este dispositivo"), status
        assert (
            v.page.locator("#a-evening button.save").inner_text() == "Quitar la copia sin conexión"
        )
    finally:
        v.close()
        httpd.shutdown()
        httpd.server_close()
    feed_out = tmp_path / "feed-es"
    base = "http://127.0.0.1:8000/"
    assert (
        run("publish", library, "-o", feed_out, "--language", "es", "--base-url", base).exit_code
        == 0
    )
    channel = feedparser.parse((feed_out / "feed.xml").read_bytes()).feed
    assert channel.language == "es" and "pistas guiadas por voz" in channel.subtitle + channel.get(
        "summary", ""
    )


def test_a_helpline_after_the_content_note_goes_under_the_player_with_it() -> None:
    from generator.care.phrases import comment_note
    from generator.publish.page import split_note

    care = comment_note("en")
    about, under = split_note(f"This practice takes about 15 minutes. {care} Call 116 123.")
    assert about == "This practice takes about 15 minutes."
    assert under == f"{care} Call 116 123."


def _tracks(*notes: str) -> list:
    from generator.publish.library import Track

    return [
        Track(
            Path(f"t{i}.mp3"),
            f"t{i}",
            f"Week {i}",
            None,
            None,
            "en",
            note,
            600.0,
            1,
            "x",
            None,
            (),
            (),
        )  # fmt: skip
        for i, note in enumerate(notes, 1)
    ]


def test_a_content_note_every_track_shares_is_said_once_above_them() -> None:
    """A course of six tracks had the same paragraph under each of six players: the same note
    (and helpline) on every track is said once, before the first; a track whose note differs
    keeps its own under its player, and then every track does."""
    from datetime import UTC, datetime

    from generator.care.phrases import comment_note
    from generator.publish.feed import Channel
    from generator.publish.page import index_html

    care = f"{comment_note('en')} Call 116 123."
    channel = Channel("Course", "Six weeks.", "Ana", "en", "cover.png", datetime.now(UTC), None)
    html = index_html(channel, _tracks(*[f"This practice takes about 10 minutes. {care}"] * 3))
    assert html.count(escape(care)) == 1 and html.count('class="note care"') == 0
    assert html.index('class="care-all"') < html.index("<article")
    assert html.count("This practice takes about 10 minutes.") == 3  # what each holds stays
    own = f"{comment_note('en')} Call 0800 123."
    html = index_html(channel, _tracks(f"A. {care}", f"B. {care}", f"C. {own}"))
    assert 'class="care-all"' not in html and html.count('class="note care"') == 3
    one = index_html(channel, _tracks(f"A. {care}"))  # one track: under its player, as before
    assert 'class="care-all"' not in one and one.count('class="note care"') == 1


def test_on_a_local_address_the_page_does_not_say_the_feed_works_everywhere() -> None:
    """A tester read "the podcast feed work everywhere" just above "Pocket Casts … cannot reach
    it" on a site served on the care home's wifi."""
    from datetime import UTC, datetime

    from generator.publish.feed import Channel
    from generator.publish.page import index_html

    def page(base: str | None, lang: str = "en") -> str:
        channel = Channel("Group", "Chair.", "Jo", lang, "cover.png", datetime.now(UTC), base)
        return index_html(channel, _tracks("A."))

    local = page("http://192.168.1.20:8000/")
    assert "work everywhere" not in local and "apps that fetch it on the phone itself" in local
    assert "cannot reach it" in local  # the subscribe box says which apps
    assert "The download links and the podcast feed work everywhere." in page("https://a.org/")
    assert "The download links work everywhere." in page(None)
    assert "desde el propio teléfono" in page("http://casa.local/", "es")


def test_a_site_for_buenos_aires_speaks_in_vos() -> None:
    """--language es-AR: the page's words in vos ("Podés pausar"), Spanish's otherwise."""
    from generator.publish.page import site_words

    assert "Podés pausar" in site_words("es-AR")["footer"]
    assert "Puedes pausar" in site_words("es")["footer"]
    assert site_words("es-AR")["default_description"]["many"].count("Podés") == 1


def test_a_long_track_s_player_is_on_a_phone_screen_over_plain_http(
    browser: object, tmp_path: Path
) -> None:
    """A tester's two bedtime tracks (a four-line title, a long "what it holds", the shared
    content note, and over plain http the note that saving needs https): the first player was
    off the 390 × 844 screen."""
    from generator.care.phrases import comment_note

    from .conftest import run
    from .helpers import make_track

    holds = (
        "This practice takes about 25 minutes: breathing, seated circles, reclined twist on each "
        "side, knees side to side, knees to chest, reclined butterfly, and resting pose. It can "
        "help to have a pillow or two and a blanket nearby."
    )
    library = tmp_path / "out"
    library.mkdir()
    for name in ("marguerite", "marguerite2"):
        title = f"Resting in Bed: Knees to Chest and Reclined Butterfly (25 min) ({name})"
        note = f"{holds} {comment_note('en')} Made with holdspace. Voice: test voice."
        make_track(library, name, title, 20, comment=note)
    site = tmp_path / "site"
    assert run("publish", library, "-o", site, "--base-url", "http://192.0.2.2:8000").exit_code == 0
    httpd = server.start(site, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        page = context.new_page()
        page.add_init_script("Object.defineProperty(window, 'isSecureContext', {value: false})")
        page.goto(f"http://127.0.0.1:{httpd.port}/")
        page.wait_for_selector(".no-offline:not([hidden])")
        assert page.evaluate("[...document.querySelectorAll('article')].map(a => a.id)") == [
            "marguerite",
            "marguerite2",
        ]
        bottom = page.evaluate(
            "document.querySelector('article audio').getBoundingClientRect().bottom"
        )
        assert bottom <= 844, bottom
        page.screenshot(path=str(tmp_path / "phone.png"))
        context.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_site_in_a_language_without_page_words_marks_which_words_are_whose() -> None:
    """A tester's French site said <html lang="fr"> over English buttons, which a screen reader
    reads with French sounds: the page's own words are English, the author's are marked French."""
    from datetime import UTC, datetime

    from generator.publish.feed import Channel
    from generator.publish.page import index_html

    channel = Channel(
        "Pour Claire", "Des étirements doux.", "M", "fr", "c.png", datetime.now(UTC), None
    )
    html = index_html(channel, _tracks("A."))
    assert '<html lang="en">' in html
    assert '<h1 lang="fr">Pour Claire</h1>' in html and '<p class="intro" lang="fr">' in html
    spanish = Channel("Para Ana", "Calma.", "M", "es-AR", "c.png", datetime.now(UTC), None)
    html = index_html(spanish, _tracks("A."))
    assert '<html lang="es-AR">' in html and "<h1>Para Ana</h1>" in html


@pytest.mark.parametrize(
    ("artist", "title"),
    [
        ("Dra. Lucía Ferreyra", "Pistas de la Dra. Lucía Ferreyra"),
        ("Dr. Juan Pérez", "Pistas del Dr. Juan Pérez"),
        ("Profesora Ana", "Pistas de la Profesora Ana"),
        ("Lic. Mariana Solís", "Pistas de Lic. Mariana Solís"),  # la or el: left as it is
        ("Lucía Ferreyra", "Pistas de Lucía Ferreyra"),
    ],
)
def test_a_spanish_site_titled_by_a_doctor_says_her_article(artist: str, title: str) -> None:
    """A therapist's site was titled "Pistas de Dra. Lucía Ferreyra"."""
    from generator.publish.actions import _by
    from generator.publish.page import site_words

    assert _by(site_words("es"), artist) == title
    assert _by(site_words("en"), "Dr. Ann Lee") == "Tracks by Dr. Ann Lee"
