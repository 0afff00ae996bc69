"""The podcast feed: RSS 2.0 with the ``itunes:`` and Podcasting 2.0 ``podcast:`` namespaces.

Podcast apps list episodes newest first, so the library's first track gets the latest
``pubDate`` and each next one a minute earlier: every app's default order is the library's order.
The dates carry order, not history: the first track's date is noon UTC of ``--date`` (default
2025-01-01), never "now", so publishing the same tracks again gives the same bytes.

An episode's ``guid`` is the SHA-256 of its MP3 (holdspace renders are byte-reproducible): it
survives re-publishing, renaming and moving the site to another address, and a track whose audio
changed comes to apps as a new episode instead of hiding behind the old download.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import get_close_matches
from email.utils import format_datetime
from urllib.parse import quote, urlsplit

from generator.errors import InputError
from generator.publish.library import Track

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
NAMESPACES = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
CATEGORY = ("Health & Fitness", "Alternative Health")
# Apple Podcasts' categories (podcasters.apple.com/support/1691), which other apps and directories
# also read: a feed with a name not in this list is listed under none, so --category is checked
CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
                 "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition",
                         "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
             "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism",
                                "Religion", "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                          "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
               "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
               "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip
FEED = "feed.xml"


@dataclass(frozen=True)
class Channel:
    """What the feed and the page say about the whole library."""

    title: str
    description: str
    author: str
    language: str
    image: str  # file name of the channel picture in SITE
    date: datetime  # the first track's pubDate (timezone-aware)
    base_url: str | None  # absolute, ending in "/"; None: no feed
    category: tuple[str, ...] = CATEGORY  # Apple's category, and its subcategory if any
    # made for named listeners: kept out of directories and search engines (itunes:block,
    # podcast:block, robots noindex), as a link meant for one person should be
    private: bool = False
    address: str | None = None  # the tracks' ``address:`` (usted): the page's words follow it


def check_base_url(url: str) -> str:
    """``--base-url`` as an absolute http(s) folder URL ending in ``/``; InputError otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"--base-url {url}: give the absolute address the site will be served at, such as "
            f"http://192.168.1.20:8000/ or https://example.org/tracks/"
        )
    if parts.query or parts.fragment:
        raise InputError(f"--base-url {url}: the address of a folder has no '?' or '#' part")
    if any(ch.isspace() for ch in parts.netloc):
        raise InputError(f"--base-url {url}: a host name has no spaces")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    # a folder named with spaces or accents is written as a URL must be ("my%20tracks/");
    # what is already percent-encoded stays as it is
    return f"{parts.scheme}://{parts.netloc}{quote(path, safe='/%:@!$&()*+,;=~-._')}"


SUGGESTED = (
    CATEGORY,
    ("Health & Fitness", "Mental Health"),
    ("Religion & Spirituality", "Spirituality"),
)
LISTED = "docs/phones.md"


def check_category(text: str) -> tuple[str, ...]:
    """``--category`` as (category,) or (category, subcategory) in Apple's spelling: written
    "Health & Fitness > Mental Health", with "/" or "›", or a subcategory alone ("Mental Health"),
    in any case, "and" for "&"; InputError naming the nearest ones otherwise."""
    names = {_key(top): (top,) for top in CATEGORIES}
    for top, subs in CATEGORIES.items():
        for sub in subs:
            names[_key(f"{top}>{sub}")] = (top, sub)
            names.setdefault(_key(sub), (top, sub))  # "Spirituality", not "Religion & Spirituality"
    key = _key(text)
    if key in names:
        return names[key]
    if not key:
        raise InputError("--category: give a category, such as 'Health & Fitness > Mental Health'")
    holding = sorted(
        (k for k in names if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", k)),
        key=lambda k: (len(names[k]), len(k)),
    )
    near = [names[k] for k in holding + get_close_matches(key, list(names), n=3, cutoff=0.75)]
    quoted = [f"'{' > '.join(c)}'" for c in dict.fromkeys(near)][:3]
    hint = f"did you mean {' or '.join(quoted)}?" if quoted else (
        "for tracks like these, " + ", ".join(f"'{' > '.join(c)}'" for c in SUGGESTED)
    )  # fmt: skip
    raise InputError(f"--category {text}: not a podcast category apps know; {hint} (all: {LISTED})")


def _key(text: str) -> str:
    """How a category is compared: case, spaces, "and"/"&" and the separator don't matter."""
    folded = re.sub(r"\s*[>/›]\s*", ">", text.strip().casefold().replace("-", " "))
    return re.sub(r"\s+", " ", re.sub(r"\band\b", "&", folded))


def file_url(base_url: str, name: str) -> str:
    """Absolute URL of a file in SITE (names are percent-encoded, so any file name is safe)."""
    return base_url + quote(name)


def duration_text(seconds: float) -> str:
    """``HH:MM:SS`` for ``itunes:duration``, rounded to the second."""
    total = round(seconds)
    return f"{total // 3600:02d}:{total // 60 % 60:02d}:{total % 60:02d}"


def guid(track: Track) -> str:
    return f"holdspace:sha256:{track.sha256[:32]}"


def pub_date(channel: Channel, position: int) -> str:
    """RFC 2822 date of the track at ``position`` (0 = first in the library, the newest)."""
    return format_datetime(channel.date - timedelta(minutes=position), usegmt=True)


def cover_name(track: Track, channel: Channel) -> str:
    return f"{track.name}.cover{track.cover.suffix}" if track.cover else channel.image


def feed_xml(channel: Channel, tracks: list[Track]) -> bytes:
    """The whole feed as UTF-8 bytes; the same inputs always give the same bytes."""
    base = channel.base_url
    if base is None:
        raise ValueError("a feed needs the base URL")
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    rss = ET.Element("rss", {"version": "2.0"})
    ch = ET.SubElement(rss, "channel")
    _sub(ch, "title", channel.title)
    _sub(ch, "link", base)
    _sub(ch, "description", channel.description)
    _sub(ch, "language", channel.language)
    _sub(ch, "generator", "holdspace")
    ET.SubElement(
        ch,
        _q(ATOM, "link"),
        {"href": file_url(base, FEED), "rel": "self", "type": "application/rss+xml"},
    )
    image = ET.SubElement(ch, "image")
    _sub(image, "url", file_url(base, channel.image))
    _sub(image, "title", channel.title)
    _sub(image, "link", base)
    _sub(ch, _q(ITUNES, "author"), channel.author)
    ET.SubElement(ch, _q(ITUNES, "image"), {"href": file_url(base, channel.image)})
    top = ET.SubElement(ch, _q(ITUNES, "category"), {"text": channel.category[0]})
    for sub in channel.category[1:]:
        ET.SubElement(top, _q(ITUNES, "category"), {"text": sub})
    _sub(ch, _q(ITUNES, "explicit"), "false")
    if channel.private:
        _sub(ch, _q(ITUNES, "block"), "Yes")
        _sub(ch, _q(PODCAST, "block"), "yes")
    _sub(ch, _q(ITUNES, "type"), "episodic")
    _sub(ch, _q(PODCAST, "guid"), channel_guid(base))
    for position, track in enumerate(tracks):
        _item(ch, channel, track, position)
    ET.indent(rss, space="  ")
    body = ET.tostring(rss, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def channel_guid(base_url: str) -> str:
    """Podcasting 2.0 ``podcast:guid``: UUIDv5 of the feed URL without its scheme."""
    bare = file_url(base_url, FEED).split("://", 1)[1].rstrip("/")
    return str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), bare))


def _item(ch: ET.Element, channel: Channel, track: Track, position: int) -> None:
    base = channel.base_url or ""
    item = ET.SubElement(ch, "item")
    _sub(item, "title", track.title)
    _sub(item, "description", track.note or track.title)
    _sub(item, "link", f"{base}#{quote(track.anchor)}")
    _sub(item, "guid", guid(track)).set("isPermaLink", "false")
    _sub(item, "pubDate", pub_date(channel, position))
    ET.SubElement(
        item,
        "enclosure",
        {
            "url": file_url(base, f"{track.name}.mp3"),
            "length": str(track.size),
            "type": "audio/mpeg",
        },
    )
    _sub(item, _q(ITUNES, "duration"), duration_text(track.duration_s))
    _sub(item, _q(ITUNES, "episodeType"), "full")
    _sub(item, _q(ITUNES, "explicit"), "false")
    ET.SubElement(item, _q(ITUNES, "image"), {"href": file_url(base, cover_name(track, channel))})
    ET.SubElement(
        item,
        _q(PODCAST, "chapters"),
        {"url": file_url(base, f"{track.name}.chapters.json"), "type": "application/json+chapters"},
    )
    attrs = {"url": file_url(base, f"{track.name}.vtt"), "type": "text/vtt", "rel": "captions"}
    if track.language:
        attrs["language"] = track.language
    ET.SubElement(item, _q(PODCAST, "transcript"), attrs)


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
