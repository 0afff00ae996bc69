"""The first words of a track made for someone: a manifest row's name greeted ("Hello, Ana."),
said once with the opening that follows (one welcome, one greeting)."""

from __future__ import annotations

import re

from generator.care.data import phrase_data


def greeting(lang: str, name: str) -> str:
    """The first words when a batch manifest names the listener ("Hello, Ana.")."""
    # "Jr." already ends the sentence: "Hello, O'Brien, Jr.", not "… Jr.."
    text = phrase_data(lang)["greeting"].format(name=name.strip())
    return re.sub(r"([.!?…])\.$", r"\1", text)


_TITLES = frozenset(
    [
        "jr",
        "sr",
        "snr",
        "jnr",
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "st",
        "phd",
        "md",
        "etc",
        "sra",
        "srta",
        "dra",
    ]
)


def greeted(lang: str, greeting: str, opening: str) -> tuple[str, str]:
    """The greeting and the opening as said one after the other: a greeting ending in a full stop
    takes in an opening's bare first "Welcome." ("Hello, Maya, and welcome."), so the listener
    is not welcomed twice in two short sentences."""
    data = phrase_data(lang).get("welcome_joined")
    greeting = greeting.strip()
    if (merged := _into_own_greeting(lang, greeting, opening)) is not None:
        return "", merged
    last = greeting.rsplit(None, 1)[-1].rstrip(".")
    if not data or not greeting.endswith(".") or "." in last or last.lower() in _TITLES:
        return greeting, opening  # "Hello, O'Brien, Jr." keeps its full stop, and its welcome
    alone = data["alone"]
    head = opening.lstrip()
    if not head.startswith(alone) or head[len(alone) : len(alone) + 1] not in ("", " "):
        return greeting, opening
    return greeting[:-1] + data["joined"], head[len(alone) :].lstrip()


# words an opening greets a group with, after its own greeting ("Good morning, everyone")
_GROUP_WORDS = re.compile(
    r"(?:everyone|everybody|all|folks|y'?all|you\s+all|ladies|todos|todas|chicos|chicas|a\s+todos)\b",
    re.IGNORECASE,
)


def _into_own_greeting(lang: str, greeting: str, opening: str) -> str | None:
    """``opening`` greeting the listener named in ``greeting`` (the row's "Hello, Grace.")
    itself, when it begins with a greeting of its own ("Hi, it's Inés." → "Hi, Grace, it's
    Inés."): a tester's tracks greeted twice. None when it does not begin so, or greets a group
    (a note says so before rendering)."""
    data = phrase_data(lang)
    head, _, tail = data["greeting"].partition("{name}")
    named = re.fullmatch(rf"{re.escape(head)}(.+?){re.escape(tail.rstrip('.'))}\.?", greeting)
    words = "|".join(re.escape(w) for w in sorted(data.get("own_greetings", ()), key=len)[::-1])
    own = re.match(rf"\s*(¡?)({words})(?:([,.!])\s*|\s+|\s*$)", opening, re.I) if words else None
    if named is None or own is None:
        return None
    name, rest = named.group(1), opening[own.end() :]
    if _GROUP_WORDS.match(rest):
        return None
    if rest.lower().startswith(name.lower()):  # "Hi Grace, …" greets them already
        return opening
    if own.group(3) is None and rest:  # "Hi there, …": their own words, left as they are
        return None
    mark = own.group(3) if own.group(3) in (".", "!") else ","
    return f"{own.group(1)}{own.group(2)}, {name}{mark} {rest}".strip()
