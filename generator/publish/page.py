"""The offline web player: ``index.html``, the web app manifest, the service worker and icons.

The HTML is written here from the tracks (titles, lengths, content notes and chapters are in the
page itself, so they show offline and without JavaScript); ``app.js`` adds seeking, the transcript
(read from each track's ``.vtt``) and "Save for offline". Every output is a pure function of its
inputs, so publishing the same tracks again gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
from html import escape
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import quote

from PIL import Image, ImageDraw

from generator.care.data import load_yaml
from generator.care.forms import address_of, in_address
from generator.care.phrases import for_listener
from generator.errors import InputError
from generator.publish.feed import FEED, Channel, file_url
from generator.publish.library import Track
from generator.script.text import format_duration
from generator.script.voices import base_language

ICON_SIZES = (192, 512)
STATIC = ("app.js", "app.css")
BACKGROUND = "#f6f3ed"
THEME = "#3b5b58"


def asset(name: str) -> str:
    """The text of one file in ``generator/publish/assets``."""
    return (resources.files("generator.publish") / "assets" / name).read_text(encoding="utf-8")


def site_words(lang: str | None, address: str | None = None) -> dict:
    """The page's words in ``lang`` (generator/data/site_words.yaml), English where it has none;
    in *vos* for ``--language es-AR``, in *usted* for tracks whose scripts say ``address: usted``
    (``generator.care.forms``)."""
    words = load_yaml("site_words.yaml")
    chosen = words.get(base_language(lang or "en"), words["en"])
    return _in(chosen, address_of(lang or "", address))


def _in(value: Any, address: str | None) -> Any:
    if isinstance(value, str):
        return in_address(value, address)
    if isinstance(value, dict):
        return {k: _in(v, address) for k, v in value.items()}
    return [_in(v, address) for v in value] if isinstance(value, list) else value


def counted(forms: dict, n: int) -> str:
    """``{n} track`` / ``{n} tracks`` from ``forms`` (one, many)."""
    return (forms["one"] if n == 1 else forms["many"]).format(n=n)


def megabytes(size: int, lang: str = "en") -> str:
    """ "12.0 MB"; "12,0 MB" where the page's language writes a decimal comma."""
    text = f"{size / 1e6:.1f} MB"
    return text.replace(".", ",") if base_language(lang) in DECIMAL_COMMA else text


DECIMAL_COMMA = {"es", "fr", "de", "it", "pt", "nl", "ca"}


def site_files(track: Track) -> list[str]:
    """Names of the track's files in SITE: sidecars first, the MP3 last (saved last, so a
    track counts as saved only once everything it needs is stored)."""
    return [track.name + suffix for suffix, _ in track.sidecars] + [track.name + ".mp3"]


def split_note(note: str) -> tuple[str, str]:
    """A track's note as (what it holds, its content note and the helpline written after it):
    the first is shown above the player, the second under it, so the player sits near the
    title on a phone. A note without a known content note is all the first."""
    from generator.care.phrases import comment_notes

    for care in comment_notes():
        at = note.find(care)
        if at >= 0:
            return note[:at].strip(), note[at:].strip()
    return note, ""


def shared_care(tracks: list[Track]) -> str:
    """The content note (and helpline) every track holds, word for word, when there are several:
    said once above the tracks rather than under each player (six tracks of a course had the
    same paragraph six times); "" when any track's differs or has none."""
    cares = {split_note(t.note)[1] for t in tracks}
    return cares.pop() if len(tracks) > 1 and len(cares) == 1 else ""


def track_html(track: Track, words: dict, lang: str, shared: str = "", whose: bool = False) -> str:
    mp3 = quote(track.name + ".mp3")
    ident = track.anchor
    vtt = quote(track.name + ".vtt")
    files = escape(json.dumps([quote(f) for f in site_files(track)]), quote=True)
    chapters = "".join(
        f'<li><button type="button" data-start="{c.start_s:.3f}"><span class="time">'
        f"{format_duration(c.start_s)}</span><span>{escape(c.title)}</span></button></li>"
        for c in track.chapters
    )
    about, care = split_note(track.note)
    note = f'\n  <p class="note">{escape(about)}</p>' if about else ""
    care_note = f'\n  <p class="note care">{escape(care)}</p>' if care and care != shared else ""
    chapter_box = (
        f'\n  <details class="chapters-box" open><summary>{words["chapters"]} '
        f'({len(track.chapters)})</summary><ol class="chapters">{chapters}</ol></details>'
        if track.chapters
        else ""
    )
    listener = (
        f'\n  <p class="for">{escape(_for(lang, track.listener))}</p>'
        if whose and track.listener
        else ""
    )  # on a site for several listeners (--mixed-listeners), whose each track is
    own = base_language(track.language or lang)
    spoken = f' lang="{escape(own)}"' if own != base_language(lang) else ""
    return f"""<article class="track" id="{escape(ident)}"{spoken} aria-labelledby="t-{escape(ident)}" \
data-audio="{mp3}" data-files="{files}">
  <h2 id="t-{escape(ident)}">{escape(track.title)}</h2>{listener}
  <p class="meta">{format_duration(track.duration_s)} · <a href="{mp3}" download>{words["download"]} \
({megabytes(track.size, lang)})</a></p>
  <audio controls preload="none" src="{mp3}"></audio>
  <div class="offline" hidden><button type="button" class="save">{words["save"]}</button>
  <span class="status" role="status"></span></div>{note}{care_note}{chapter_box}
  <details class="transcript" data-vtt="{vtt}"><summary>{words["transcript"]}</summary>\
<ol class="cues"></ol></details>
</article>"""


def _for(lang: str, name: str) -> str:
    """ "For Ana" in the site's language, English where holdspace has no words for it."""
    try:
        return for_listener(base_language(lang), name)
    except ValueError:
        return for_listener("en", name)


def local_address(base_url: str) -> bool:
    """Is ``base_url`` on this computer or the local network (127.0.0.1, 192.168.x.x, a .local
    or dotless name)? Apps that fetch feeds from their own servers cannot reach it."""
    import ipaddress  # noqa: PLC0415
    from urllib.parse import urlsplit  # noqa: PLC0415

    host = (urlsplit(base_url).hostname or "").lower()
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host.endswith((".local", ".lan", ".home", ".internal")) or "." not in host
    return ip.is_private or ip.is_loopback or ip.is_link_local


def page_language(lang: str) -> str:
    """The language of the page's own words: ``lang`` where holdspace has them, else English
    (a French site said lang="fr" over English buttons, read with French sounds)."""
    return lang if base_language(lang) in load_yaml("site_words.yaml") else "en"


def index_html(channel: Channel, tracks: list[Track]) -> str:
    words = site_words(channel.language, channel.address)
    page = page_language(channel.language)
    # the author's own words (title, description) in their language, marked where it differs
    own = f' lang="{escape(channel.language)}"' if page != channel.language else ""
    subscribe = ""
    if channel.base_url:
        url = escape(file_url(channel.base_url, FEED))
        text = words[
            "subscribe_text_local" if local_address(channel.base_url) else "subscribe_text"
        ]
        subscribe = (
            f'<section class="subscribe" aria-labelledby="sub">\n  <h2 id="sub">'
            f"{words['subscribe_title']}</h2>\n  <p>{escape(text)}</p>"
            f'\n  <p><a href="{FEED}">{url}</a></p>\n</section>'
        )
    total = sum(t.duration_s for t in tracks)
    shared = shared_care(tracks)
    # whose each track is: named listeners mixed, or one listener the site's title does not name
    # (a teacher's album, "Year 10 Wellbeing", over Zoë's own copy)
    names = {t.listener for t in tracks if t.listener}
    whose = len({t.listener for t in tracks}) > 1 or any(n not in channel.title for n in names)
    return Template(asset("index.html")).substitute(
        lang=escape(page),
        own=own,
        robots='\n<meta name="robots" content="noindex, nofollow">' if channel.private else "",
        title=escape(channel.title),
        description=escape(channel.description),
        # "Para Lucía" under "Para Lucía" says nothing: the author is shown when it differs
        byline=""
        if channel.author.casefold() == channel.title.casefold()
        else f'\n    <p class="byline">{escape(channel.author)}</p>',
        subscribe=subscribe,
        care=f'\n<p class="care-all">{escape(shared)}</p>' if shared else "",
        tracks="\n".join(track_html(t, words, page, shared, whose) for t in tracks),
        count=counted(words["tracks"], len(tracks)),
        total=format_duration(total),
        words=escape(json.dumps(words["js"], ensure_ascii=False, sort_keys=True), quote=True),
        skip=words["skip"],
        offline_label=escape(words["offline_label"], quote=True),
        save_all=words["save_all"],
        no_offline=words["no_offline"],  # holds markup (<code>)
        links_work=words[_links_work(channel.base_url)],
        footer=words["footer"],
    )


def _links_work(base_url: str | None) -> str:
    """Which words say where the links work: on a local address, not "everywhere" (apps that
    fetch feeds from their own servers cannot reach it, as the subscribe box says)."""
    if not base_url:
        return "links_work_no_feed"
    return "links_work_local" if local_address(base_url) else "links_work"


def manifest(channel: Channel) -> str:
    """The web app manifest: what makes the page installable (name, start URL, icons)."""
    short = short_name(channel.title)
    data = {
        "name": channel.title,
        "short_name": short,
        "description": channel.description,
        "lang": channel.language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": [
            {"src": f"icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png", "purpose": "any"}
            for n in ICON_SIZES
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def short_name(title: str, room: int = 12) -> str:
    """The name under a home-screen icon: whole words that fit in ``room`` characters."""
    if len(title) <= room:
        return title
    words: list[str] = []
    for word in title.split():
        if len(" ".join([*words, word])) > room:
            break
        words.append(word)
    return " ".join(words).rstrip(",;:-–—") or title[:room]


def service_worker(shell: dict[str, bytes]) -> str:
    """``sw.js`` with the shell's file list and a version that changes whenever a shell file
    does, so browsers fetch a new page after a re-publish and keep the old one until then."""
    digest = hashlib.sha256()
    for name in sorted(shell):
        digest.update(name.encode() + b"\0" + hashlib.sha256(shell[name]).digest())
    files = ["./", *sorted(shell)]
    return (
        asset("sw.js")
        .replace("__VERSION__", digest.hexdigest()[:16])
        .replace("__SHELL__", json.dumps(files))
    )


def icons(picture: bytes) -> dict[str, bytes]:
    """``icon-192.png`` and ``icon-512.png`` from the channel picture (centre square)."""
    with Image.open(io.BytesIO(picture)) as image:
        image.load()
        rgb = image.convert("RGB")
    side = min(rgb.size)
    left, top = (rgb.width - side) // 2, (rgb.height - side) // 2
    square = rgb.crop((left, top, left + side, top + side))
    out = {}
    for n in ICON_SIZES:
        buffer = io.BytesIO()
        square.resize((n, n), Image.Resampling.LANCZOS).save(buffer, "PNG")
        out[f"icon-{n}.png"] = buffer.getvalue()
    return out


def plain_picture() -> bytes:
    """A quiet 1400×1400 picture for a library whose tracks have no cover."""
    image = Image.new("RGB", (1400, 1400), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.ellipse((350, 350, 1050, 1050), outline=THEME, width=36)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def check_picture(data: bytes, what: str) -> tuple[str, list[str]]:
    """(file suffix, notes) for a channel picture: PNG or JPEG, square, at least 512 px (the
    largest icon); InputError otherwise. A note when it is smaller than podcast apps like."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (w, h) = image.format, image.size
    except Exception as exc:  # Pillow raises several types for a file it cannot read
        from PIL import UnidentifiedImageError

        why = "not an image that can be read" if isinstance(exc, UnidentifiedImageError) else exc
        raise InputError(f"{what} is not a PNG or JPEG picture ({why})") from None
    if kind not in ("PNG", "JPEG"):
        raise InputError(f"{what} is a {kind} picture: podcast apps take PNG or JPEG")
    if w != h or w < 512:
        raise InputError(
            f"{what} is {w}×{h}: give a square picture of at least 512×512 (podcast apps "
            f"prefer 1400×1400 to 3000×3000)"
        )
    notes = []
    if w < 1400:
        notes.append(f"{what} is {w}×{h}; Apple Podcasts asks for 1400×1400 to 3000×3000")
    return (".png" if kind == "PNG" else ".jpg"), notes
