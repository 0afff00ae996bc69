"""What ``holdspace publish`` and ``holdspace serve`` do, once their options are parsed:
defaults for the library's title, author, language and picture, and the lines printed."""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import click

from generator.errors import InputError, Interrupted
from generator.publish import library, page, server
from generator.publish.feed import (
    CATEGORY,
    FEED,
    Channel,
    check_base_url,
    check_category,
    file_url,
)
from generator.publish.site import Picture, check_output, check_sources, publish, read_marker
from generator.script.text import format_duration


def publish_site(
    inputs: list[Path],
    site: Path,
    *,
    base_url: str | None,
    title: str | None,
    description: str | None,
    author: str | None,
    image: Path | None,
    language: str | None,
    date: str,
    category: str | None = None,
    mixed_listeners: bool = False,
    unlisted: bool = False,
) -> None:
    """Check every option and input, build SITE atomically, and say what was published."""
    base = check_base_url(base_url) if base_url else None
    first_date = _date(date)
    apps_category = check_category(category) if category is not None else CATEGORY
    lang = _language(language) if language else None
    given_picture = _read_image(image) if image else None
    target = check_output(site, inputs)
    tracks = library.collect(inputs)
    check_sources(target, tracks)
    mixed = _privacy(tracks)
    if mixed and not mixed_listeners:
        raise InputError(
            f"{mixed[0]}; nothing was written. Publish each listener's tracks as a site of their "
            "own, or add --mixed-listeners if everyone with the address may hear them all"
        )
    picture, notes = _picture(tracks, given_picture, image)
    language = lang or _common(t.language for t in tracks) or "en"
    address = _common(t.address for t in tracks)
    channel = Channel(
        title=_one_line(title) or _default_title(tracks, language, address),
        description=_one_line(description) or _default_description(tracks, language, address),
        author=_one_line(author)
        or _common(t.artist for t in tracks)
        or _default_title(tracks, language, address),
        language=language,
        address=address,
        image=picture.name,
        date=first_date,
        base_url=base,
        category=apps_category,
        private=unlisted or any(t.listener for t in tracks),
    )
    publish(target, tracks, channel, picture)
    total = sum(t.duration_s for t in tracks)
    size = sum(t.size for t in tracks)
    count = f"{len(tracks)} track" + ("" if len(tracks) == 1 else "s")
    click.echo(
        f"published {count} ({format_duration(total)}, {page.megabytes(size)}) to {site}; "
        f"see it with: holdspace serve {site}"
    )
    if base:
        click.echo(f"feed: {file_url(base, FEED)}")
        if this_computer(base):
            notes.append(
                f"--base-url {base} is this computer's own address: phones and podcast apps "
                "cannot reach it; publish again with the address holdspace serve SITE --lan "
                "prints"
            )
    else:
        notes.append(
            "no feed.xml: podcast apps need the site's address; publish again with --base-url "
            "(holdspace serve --lan prints the one to use on this network)"
        )
    notes += [f"{m}, as --mixed-listeners asked" for m in mixed]
    notes += health_notes(tracks)
    for note in notes:
        click.echo(f"note: {note}", err=True)


def _privacy(tracks: list[library.Track]) -> list[str]:
    """A note when the site mixes tracks made for named listeners (a manifest's ``name``) with
    anyone else's: whoever has its address hears their names, and any notes on their health
    ("this track includes notes for pregnancy")."""
    named = sorted({t.listener for t in tracks if t.listener})
    if not named or (len(named) == 1 and all(t.listener for t in tracks)):
        return []
    others = sum(not t.listener for t in tracks)
    who = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
    rest = f" with {others} track{'' if others == 1 else 's'} for anyone" if others else ""
    return [
        f"this site mixes tracks made for {who}{rest}: anyone with its address hears their "
        "names and any notes for their health"
    ]


def health_notes(tracks: list[library.Track]) -> list[str]:
    """A note for each track that carries notes for a condition (a script's ``care: {cautions:
    […]}``) on a site whose other tracks do not: a teacher published "Caderas en la silla para
    Marta", notes for her hip replacement and all, beside the class's tracks, and nothing said
    so (her name was only in the script's greeting, which publish cannot tell from "Hola, soy
    Lucía"). Tracks made for a named listener are ``_privacy``'s."""
    from generator.care.phrases import caution_intros
    from generator.care.poses import CONDITIONS

    said = {
        c: [intro for lang in ("en", "es") for intro in caution_intros(lang, (c,))]
        for c in CONDITIONS
    }
    carried = [
        tuple(c for c in CONDITIONS if any(intro in (t.note or "") for intro in said[c]))
        for t in tracks
    ]
    notes = []
    for track, conditions in zip(tracks, carried, strict=True):
        if conditions and not track.listener and carried.count(conditions) < len(tracks):
            what = " and ".join(c.replace("_", " ") for c in conditions)
            notes.append(
                f"'{track.title}' carries notes for {what} that the site's other tracks do not: "
                "anyone with its address reads them; if it was made for one person, publish it on "
                "a site of its own"
            )
    return notes


def serve_site(site: Path, *, host: str | None, port: int, lan: bool) -> None:
    """Serve a published SITE until Ctrl-C (KeyboardInterrupt reaches the CLI)."""
    if site.exists() and not site.is_dir():
        raise InputError(
            f"{site} is a file, not a site: serve takes the folder holdspace publish made "
            f"(holdspace publish ... -o SITE, then holdspace serve SITE)"
        )
    if not site.is_dir():
        from generator.care.data import near_path

        raise InputError(
            f"{site}: no such folder; {near_path(site)}make one with holdspace publish ... -o {site}"
        )
    made = read_marker(site)
    if made is None:
        if any(site.glob("*.mp3")):  # the tracks themselves: publish them somewhere else first
            raise InputError(
                f"{site} holds tracks, not a published site: serve only shares published sites "
                f"(holdspace publish {site} -o SITE, then holdspace serve SITE)"
            )
        raise InputError(
            f"{site} was not made by holdspace publish: serve only shares published sites "
            f"(holdspace publish TRACKS -o {site})"
        )
    everywhere = lan and host is None  # phones reach the LAN address; this computer, localhost
    if host is None:
        host = _lan_host() if lan else "127.0.0.1"
    httpd = server.start(site, "0.0.0.0" if everywhere else host, port)
    url = f"http://{server.url_host(host)}:{httpd.port}/"
    here = f", and at http://127.0.0.1:{httpd.port}/ on this computer" if everywhere else ""
    click.echo(f"serving {site} at {url}{here} (Ctrl-C stops)")
    feed = made.get("feed")
    # an address only this computer reaches: a phone's podcast app cannot use it (a tester)
    local = (
        "; that address is this computer's own: for phones on your Wi-Fi, serve with --lan and "
        "publish with the address it prints"
        if not lan and this_computer(url)
        else ""
    )
    if lan:
        click.echo(f"\npage: {url}\n{server.qr_text(url)}")
    if isinstance(feed, str):
        feed_url = f"{url}{FEED}"
        elsewhere = made.get("base_url") != url
        if lan and not elsewhere:
            click.echo(f"podcast feed: {feed_url}\n{server.qr_text(feed_url)}")
        else:  # no code to hand out for a feed whose episodes are elsewhere (see the note)
            click.echo(f"podcast feed: {feed_url}")
        if elsewhere:
            fixed = (
                " and serve with that --port (--port 0 picks another each time)" if not port else ""
            )
            click.echo(
                f"note: feed.xml points at {made.get('base_url')}, not {url}: for podcast apps "
                f"to reach it, publish again with --base-url {url}{fixed}{local}",
                err=True,
            )
    else:  # the page plays and saves tracks; podcast apps need a feed with a full address
        click.echo(
            f"note: no podcast feed: {site} was published without --base-url; for podcast apps, "
            f"publish again with --base-url {url}{local}",
            err=True,
        )
    sys.stdout.flush()
    try:
        server.serve_until_interrupted(httpd)
    except KeyboardInterrupt:  # how serve is stopped: say so, not "nothing half-written"
        raise Interrupted(f"holdspace: stopped serving {site}") from None


def this_computer(base_url: str) -> bool:
    """Is ``base_url`` this computer's own address (localhost, 127.0.0.1, ::1), which no phone
    reaches?"""
    import ipaddress
    from urllib.parse import urlsplit

    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _lan_host() -> str:
    found = server.lan_addresses()
    if not found:
        raise InputError(
            "--lan: this computer has no network address phones could reach; join the Wi-Fi, "
            "or name an address with --host"
        )
    return found[0]


def _date(text: str) -> datetime:
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError as exc:
        raise InputError(f"--date {text}: give a day as YYYY-MM-DD, e.g. 2025-01-01") from exc
    return day.replace(hour=12, tzinfo=timezone.utc)


def _language(text: str) -> str:
    code = text.strip()
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", code):
        raise InputError(f"--language {text}: give a language code such as en, es or pt-BR")
    return code


def _read_image(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"--image {path}: {exc.strerror or exc}") from exc


def _picture(
    tracks: list[library.Track], given: bytes | None, path: Path | None
) -> tuple[Picture, list[str]]:
    """The channel picture: --image, else the first track's cover, else a plain one."""
    if given is not None:
        suffix, notes = page.check_picture(given, f"--image {path}")
        return Picture(given, "cover" + suffix), notes
    cover = next((t.cover for t in tracks if t.cover), None)
    if cover is not None:
        try:
            suffix, _ = page.check_picture(cover.data, "cover")
            return Picture(cover.data, "cover" + suffix), []
        except InputError:
            pass  # a small or odd cover still serves its track; the library gets a plain one
    return Picture(page.plain_picture(), "cover.png"), []


def _common(values: object) -> str | None:
    """The most frequent non-empty value (the first one seen among equals)."""
    found = [v for v in values if v]  # type: ignore[attr-defined]
    return Counter(found).most_common(1)[0][0] if found else None


def _default_title(tracks: list[library.Track], lang: str, address: str | None = None) -> str:
    """The tracks' album ("For Ana" names a site of Ana's tracks, never one she shares with
    others), else "Tracks by" their author, else a general title."""
    album = _common(
        t.album for t in tracks if not t.listener or all(u.listener == t.listener for u in tracks)
    )
    if album and album.casefold() != "holdspace":
        return album
    words = page.site_words(lang, address)
    artist = _common(t.artist for t in tracks)
    if artist and artist.casefold() != "holdspace":
        return _by(words, artist)
    return words["default_title"]


def _by(words: dict, artist: str) -> str:
    """ "Tracks by A. Teacher"; in Spanish a title takes its article ("Pistas de la Dra. …")."""
    first = (artist.split() or [""])[0].casefold()
    for text, titles in (words.get("titled_by") or {}).items():
        if first in titles:
            return text.format(artist=artist)
    return words["tracks_by"].format(artist=artist)


def _default_description(tracks: list[library.Track], lang: str, address: str | None = None) -> str:
    return page.counted(page.site_words(lang, address)["default_description"], len(tracks))


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
