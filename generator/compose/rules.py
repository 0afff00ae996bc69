"""The composing rules, read from ``generator/data/compose.yaml``: body levels, the safe breathing
patterns, what each place and focus changes, the arrival words and the titles; and the choices
a person makes, checked."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from generator.care.breathing import all_patterns, get_pattern
from generator.care.data import did_you_mean, language_hint, load_yaml, meant, normalize_lang
from generator.care.forms import address_spelled
from generator.care.phrases import PLACES
from generator.care.poses import INTENSITIES, PoseInfo, all_poses, asks_tags, get_pose
from generator.errors import AND_ALSO, InputError
from generator.script.format import ADDRESSES, CAUTIONS

FOCUSES: tuple[str, ...] = ("hips", "breath", "rest")
# --breath none (or "no", in a manifest's cell "ninguna"): no breathing block at all
NO_BREATH: tuple[str, ...] = ("none", "no", "ninguna", "ninguno")
DEFAULT_LENGTH_S = 20 * 60.0


@dataclass(frozen=True)
class Choices:
    """What a person chose; with the seed, everything a composed script depends on."""

    length_s: float = DEFAULT_LENGTH_S
    place: str = "floor"
    focus: str = "hips"
    avoid: tuple[str, ...] = ()  # tags from poses.yaml `asks`, or pose names
    language: str = "en"
    seed: int = 0
    breath: str | None = None  # a breathing pattern asked for by name (else from the safe set)
    voice: str | None = None  # ENGINE, NAME or ENGINE:NAME (generator.script.voices); else auto
    cautions: tuple[str, ...] = ()  # care: {cautions: [...]}: each pose's note for these said
    region: str = ""  # the language's region as written ("AR" of es-AR: words in vos)
    address: str | None = None  # Spanish: tú, vos or usted (``address:``); None: the language's

    @property
    def language_tag(self) -> str:
        """The script's ``language:``: ``es-AR``, or ``es`` without a region."""
        return f"{self.language}-{self.region}" if self.region else self.language


@functools.cache
def rules() -> dict[str, Any]:
    """The parsed ``compose.yaml`` (shared: never mutate it)."""
    data = load_yaml("compose.yaml")
    missing = [k for k in ("levels", "places", "focus", "arrival", "titles") if k not in data]
    if missing:
        raise ValueError(f"compose.yaml: missing {missing}")
    return data


def level(pose: PoseInfo) -> int:
    """How high the body is in ``pose``: 2 kneeling, 1 seated (or in a chair), 0 lying."""
    return int(rules()["levels"][pose.position])


def focus_rules(focus: str) -> dict[str, Any]:
    return rules()["focus"][focus]


def place_rules(place: str) -> dict[str, Any]:
    return rules()["places"][place]


def deepest(focus: str) -> int:
    """The most intense shape ``focus`` may choose, as a depth (0 gentle … 2 deep)."""
    return INTENSITIES.index(focus_rules(focus)["deepest"])


def checked(choices: Choices) -> Choices:
    """``choices`` with the language normalised and every value checked; bad ones are one
    InputError (one line, exit status 2) that names each option and what it may be."""
    problems: list[InputError] = []
    if choices.place not in PLACES:
        problems.append(_bad("--position", choices.place, PLACES))
    if choices.focus not in FOCUSES:
        problems.append(_bad("--focus", choices.focus, FOCUSES))
    language, region = choices.language, choices.region
    try:
        language = normalize_lang(choices.language)
        region = re.split(r"[-_]", choices.language.strip(), maxsplit=1)[1:] or [region]
        region = region[0].upper()
        if region and not (region.isascii() and region.isalpha() and len(region) == 2):
            problems.append(
                InputError(
                    f"--language {choices.language!r}: a region is two letters, as in es-AR "
                    "or en-GB"
                )
            )
    except ValueError:
        problems.append(
            InputError(
                f"--language {choices.language!r}: composing has built-in words in en and es"
                f"{language_hint(choices.language)}"
            )
        )
    avoid = tuple(dict.fromkeys(a.strip() for a in choices.avoid if a.strip()))
    problems += [
        _bad_avoid(item) for item in avoid if item not in asks_tags() and not get_pose(item)
    ]
    cautions = tuple(dict.fromkeys(c.strip() for c in choices.cautions if c.strip()))
    problems += [_bad("--caution", item, CAUTIONS) for item in cautions if item not in CAUTIONS]
    breath = None
    if choices.breath is not None and choices.breath.strip().casefold() in NO_BREATH:
        breath = NO_BREATH[0]  # no breathing block: breath work can unsettle some listeners
        if choices.focus == "breath":
            problems.append(
                InputError("--breath none with --focus breath: choose --focus hips or rest")
            )
    elif choices.breath is not None:
        pattern = get_pattern(choices.breath)
        if pattern is None:
            names = tuple(p.id for p in all_patterns())
            problems.append(_bad("--breath", choices.breath, names, "a breathing pattern"))
        else:
            breath = pattern.id
    address = address_spelled(choices.address) if choices.address else None
    if address is not None and address not in ADDRESSES:
        problems.append(_bad("--address", address, ADDRESSES))
    elif address is not None and language != "es":
        problems.append(InputError(f"--address {address} is for Spanish: add --language es"))
    if problems:
        raise InputError(AND_ALSO.join(p.message for p in problems))
    return replace(
        choices, avoid=avoid, language=language, region=region, breath=breath, cautions=cautions,
        address=address,
    )  # fmt: skip


def _bad_avoid(item: str) -> InputError:
    condition = meant(item, CAUTIONS)
    if condition and not meant(item, tuple(asks_tags())):  # not what a shape asks
        return InputError(
            f"--avoid {item!r}: {condition} is a condition, not a tag; --caution "
            f"{condition} has each pose's note for it said (--avoid takes what a shape "
            f"asks of the body, e.g. lying_on_back)"
        )
    return _bad("--avoid", item, tuple(asks_tags()), "a tag (or a pose name)")


def _bad(option: str, value: str, known: tuple[str, ...], what: str = "one of") -> InputError:
    hint = did_you_mean(value, known, then=" ")
    listed = ", ".join(known)
    if what == "one of":
        return InputError(f"{option} {value!r} is not one of {listed}; {hint}".rstrip("; "))
    return InputError(f"{option} {value!r} is not {what}; {hint}known: {listed}")


def avoided_by(pose: PoseInfo, avoid: tuple[str, ...]) -> tuple[str, ...]:
    """The items of ``avoid`` that leave ``pose`` out: tags it carries, or its own name."""
    return tuple(
        a for a in avoid if a in pose.asks or (a not in asks_tags() and get_pose(a) is pose)
    )


def caution_leaves_out(caution: str) -> tuple[str, ...]:
    """What ``--caution caution`` leaves out, as ``--avoid`` items (compose.yaml ``cautions``):
    a session made for someone after a hip replacement should not be mostly shapes its own
    notes then say "may not be advised"."""
    return tuple(rules().get("cautions", {}).get(caution) or ())


def left_out_for(pose: PoseInfo, choices: Choices) -> tuple[str, ...]:
    """Why ``choices`` leave ``pose`` out: the ``--avoid`` items it carries, then the cautions
    that leave it out; () when it stays."""
    cautions = tuple(c for c in choices.cautions if avoided_by(pose, caution_leaves_out(c)))
    return avoided_by(pose, choices.avoid) + cautions


def leaving(choices: Choices) -> str:
    """The options that leave shapes out, as said in notes: "--avoid knees and --caution
    pregnancy"."""
    parts = [f"--avoid {','.join(choices.avoid)}"] if choices.avoid else []
    cautions = [c for c in choices.cautions if caution_leaves_out(c)]
    parts += [f"--caution {','.join(cautions)}"] if cautions else []
    return " and ".join(parts)


@dataclass(frozen=True)
class Pool:
    """What a session may use: the shapes, the long rest, and what --avoid left out (and why)."""

    shapes: tuple[PoseInfo, ...]
    rest: PoseInfo
    left_out: tuple[tuple[PoseInfo, tuple[str, ...]], ...]


def pool(choices: Choices) -> Pool:
    """The poses ``choices`` allow, in library order."""
    here = [p for p in all_poses() if choices.place in p.places]
    left_out = tuple((p, why) for p in here if (why := left_out_for(p, choices)))
    gone = {p.id for p, _ in left_out}
    kept = [p for p in here if p.id not in gone]
    preferred = [get_pose(name) for name in place_rules(choices.place)["rests"]]
    rests = [p for p in preferred if p is not None and p.id not in gone]
    rests += [p for p in kept if p.rest and p not in rests]
    if not rests:
        names = ", ".join(p.id for p in preferred if p is not None)
        raise InputError(
            f"{leaving(choices)} leaves no pose for the long rest at the end; keep one of {names}"
        )
    most = deepest(choices.focus)
    unasked = set(focus_rules(choices.focus).get("leaves_out") or ())
    shapes = tuple(p for p in kept if not p.rest and p.depth <= most and not unasked & set(p.asks))
    return Pool(shapes=shapes, rest=rests[0], left_out=left_out)
