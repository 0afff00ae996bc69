"""The pose library: built-in, invitational words and hold times for each pose, read from
``generator/data/poses.yaml``.

Authors name poses loosely ("Child's Pose", "sleeping-pigeon", "balasana"), so lookups ignore case,
spaces, dashes, underscores, apostrophes and accents, and typos get suggestions.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from generator.care.data import LANGUAGES, load_yaml, name_key, normalize_lang
from generator.care.phrases import PLACES, PROPS, other_side, side_name

SIDES: tuple[str, ...] = ("left", "right")
# how the body is placed in a pose: after one on the back, rolling to one side before sitting up
POSITIONS: tuple[str, ...] = ("back", "side", "belly", "kneeling", "seated", "chair")
LYING = ("back", "side")  # from these the next shape is reached by rolling, not sitting up
# how much a pose asks, gentlest first (compose: gentle before deeper, a counter after deep)
INTENSITIES: tuple[str, ...] = ("gentle", "moderate", "deep")
# conditions a pose may carry notes for (care: {cautions: [...]} switches them on)
CONDITIONS: tuple[str, ...] = ("hip_replacement", "pregnancy", "hypermobility")


@dataclass(frozen=True)
class PoseText:
    """Everything spoken for one pose in one language (tuples hold interchangeable variants)."""

    title: str
    entry: tuple[str, ...]
    exit: tuple[str, ...]
    switch: tuple[str, ...]  # templates with ``{side}``
    options: tuple[str, ...]
    caution: str | None = None
    notes: dict[str, str] = field(default_factory=dict)  # condition -> note
    # condition -> entry variants said instead when a script is for it: the smaller shape its
    # note describes ("knees only a little apart"), so the cue and the note agree
    entry_for: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # for a pose done on each side: what "the left side" means in it ("your left foot forward"),
    # spoken with the side that comes first, so the listener knows which limb leads
    side: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PoseInfo:
    """One pose: names, timing (seconds, per side when ``has_sides``) and its words per language."""

    id: str
    aliases: tuple[str, ...]
    has_sides: bool
    hold_default: float
    hold_min: float
    hold_max: float
    chair: bool
    texts: dict[str, PoseText] = field(hash=False, repr=False)
    position: str = "seated"  # one of POSITIONS
    props: tuple[str, ...] = ()  # what may help (cushion, blanket, wall, chair, block)
    # for composing (generator.compose) and tools: where it can be done (floor, chair, bed), what
    # it asks of the body (tags from ``asks_tags()``), how much, whether it can be the long rest
    # at the end, the gentle shapes that may follow it (deep poses), and good neighbours
    places: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    intensity: str = "gentle"  # one of INTENSITIES
    rest: bool = False
    counters: tuple[str, ...] = ()
    neighbours: tuple[str, ...] = ()

    def _text(self, lang: str) -> PoseText:
        return self.texts[normalize_lang(lang)]

    def title(self, lang: str) -> str:
        """Display name for chapters and listings."""
        return self._text(lang).title

    def entry(
        self, lang: str, with_caution: bool = True, conditions: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """Entry-cue variants; each offers another way and ends with the caution, if any (the
        planner says the caution on its own, so it follows an author's cue too). For a script
        with ``conditions``, the variants the pose has for the first of them, if any: a tester's
        listener after a hip replacement heard "knees wide and your feet turned out", then her
        note's "opening the knees only a little"."""
        text = self._text(lang)
        cues = next((text.entry_for[c] for c in conditions if c in text.entry_for), text.entry)
        if text.caution is None or not with_caution:
            return cues
        return tuple(f"{cue} {text.caution}" for cue in cues)

    def exit(self, lang: str) -> tuple[str, ...]:
        """Variants for coming out of the pose."""
        return self._text(lang).exit

    def switch(self, lang: str, side: str, other: bool = False) -> tuple[str, ...]:
        """Side-switch variants leading into ``side`` ("left" or "right"), with the side spoken;
        ``other``: "the other side" instead, for when the side's own words follow ("This side:
        turning to your right."), so "right" is said once, where it means something."""
        name = side_name(lang, side)
        templates = self._text(lang).switch
        if other:
            templates = tuple(other_side(lang, template) for template in templates)
        return tuple(template.format(side=name) for template in templates)

    def options(self, lang: str) -> tuple[str, ...]:
        """Extra offers (props, smaller shapes, alternatives) to voice during a long hold."""
        return self._text(lang).options

    def lead(self, lang: str, side: str) -> str:
        """What ``side`` means in this pose, in words ("your left foot forward")."""
        return self._text(lang).side[side]

    def caution(self, lang: str) -> str | None:
        """The pose's caution line, or None when the pose has none."""
        return self._text(lang).caution

    def note(self, lang: str, condition: str) -> str | None:
        """The pose's note for ``condition`` (one of CONDITIONS), or None when it needs none."""
        return self._text(lang).notes.get(condition)

    @property
    def on_back(self) -> bool:
        return self.position == "back"

    @property
    def depth(self) -> int:
        """0 for gentle, 1 moderate, 2 deep."""
        return INTENSITIES.index(self.intensity)

    def to_json(self) -> dict[str, Any]:
        """What ``holdspace poses --json`` shows of the pose (titles in every language)."""
        return {
            "id": self.id,
            "aliases": list(self.aliases),
            "titles": {lang: text.title for lang, text in self.texts.items()},
            "sides": self.has_sides,
            "hold_s": {"default": self.hold_default, "min": self.hold_min, "max": self.hold_max},
            "position": self.position,
            "places": list(self.places),
            "asks": list(self.asks),
            "intensity": self.intensity,
            "rest": self.rest,
            "props": list(self.props),
            "counters": list(self.counters),
            "neighbours": list(self.neighbours),
            "notes_for": sorted({c for text in self.texts.values() for c in text.notes}),
        }

    @property
    def names(self) -> tuple[str, ...]:
        """The id, every alias and its titles (a chapter's name copied into a script): what an
        author may write."""
        titles = (text.title for text in self.texts.values())
        return tuple(dict.fromkeys((self.id, *self.aliases, *titles)))


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(s, str) and s for s in raw):
        raise ValueError(f"poses.yaml: {where} must be a non-empty list of strings")
    return tuple(s.strip() for s in raw)


def _pose_text(raw: dict[str, Any], default_switch: tuple[str, ...], where: str) -> PoseText:
    switch = _strings(raw["switch"], f"{where}.switch") if "switch" in raw else default_switch
    caution = raw.get("caution")
    notes = raw.get("notes") or {}
    unknown = set(notes) - set(CONDITIONS)
    if unknown or not all(isinstance(n, str) and n.strip() for n in notes.values()):
        raise ValueError(f"poses.yaml: {where}.notes: one text per condition in {CONDITIONS}")
    entry_for = raw.get("entry_for") or {}
    if set(entry_for) - set(notes):
        raise ValueError(f"poses.yaml: {where}.entry_for: only for a condition with a note")
    side = raw.get("side") or {}
    if side and (
        set(side) != set(SIDES) or not all(isinstance(v, str) and v for v in side.values())
    ):
        raise ValueError(f"poses.yaml: {where}.side: one text for each of {SIDES}")
    return PoseText(
        title=str(raw["title"]),
        entry=_strings(raw.get("entry"), f"{where}.entry"),
        exit=_strings(raw.get("exit"), f"{where}.exit"),
        switch=switch,
        options=_strings(raw.get("options"), f"{where}.options"),
        caution=caution.strip() if caution else None,
        notes={c: notes[c].strip() for c in CONDITIONS if c in notes},
        entry_for={c: _strings(v, f"{where}.entry_for.{c}") for c, v in entry_for.items()},
        side={k: side[k].strip() for k in SIDES if k in side},
    )


def _pose(raw: dict[str, Any], defaults: dict[str, Any]) -> PoseInfo:
    pid = str(raw["id"])
    hold = raw["hold"]
    texts = {
        lang: _pose_text(raw[lang], _strings(defaults[lang]["switch"], "defaults"), f"{pid}.{lang}")
        for lang in LANGUAGES
    }
    if bool(raw.get("sides")) != all(text.side for text in texts.values()):
        raise ValueError(f"poses.yaml: {pid}: a pose with sides says what each side is (side:)")
    position, props = raw.get("position"), tuple(raw.get("props", ()))
    if position not in POSITIONS or not set(props) <= set(PROPS):
        raise ValueError(f"poses.yaml: {pid}: position is one of {POSITIONS}, props of {PROPS}")
    places, asks = tuple(raw.get("places") or ()), tuple(raw.get("asks") or ())
    intensity = raw.get("intensity", "gentle")
    if not places or not set(places) <= set(PLACES) or intensity not in INTENSITIES:
        raise ValueError(f"poses.yaml: {pid}: places from {PLACES}, intensity one of {INTENSITIES}")
    if not set(asks) <= set(asks_tags()):
        raise ValueError(f"poses.yaml: {pid}: asks {sorted(set(asks) - set(asks_tags()))} unknown")
    return PoseInfo(
        id=pid,
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        has_sides=bool(raw.get("sides", False)),
        hold_default=float(hold["default"]),
        hold_min=float(hold["min"]),
        hold_max=float(hold["max"]),
        chair=bool(raw.get("chair", False)),
        texts=texts,
        position=position,
        props=props,
        places=places,
        asks=asks,
        intensity=intensity,
        rest=bool(raw.get("rest", False)),
        counters=tuple(raw.get("counters") or ()),
        neighbours=tuple(raw.get("neighbours") or ()),
    )


def _check_links(poses: tuple[PoseInfo, ...]) -> None:
    """Counters and neighbours name poses that exist; every deep pose has counters, gentle ones
    that share a place with it."""
    by_id = {p.id: p for p in poses}
    for pose in poses:
        unknown = [n for n in (*pose.counters, *pose.neighbours) if n not in by_id]
        if unknown:
            raise ValueError(f"poses.yaml: {pose.id}: no pose {unknown[0]!r}")
        if pose.intensity == "deep" and not pose.counters:
            raise ValueError(f"poses.yaml: {pose.id}: a deep pose needs counters")
        for counter in (by_id[c] for c in pose.counters):
            if counter.intensity != "gentle" or not set(counter.places) & set(pose.places):
                raise ValueError(f"poses.yaml: {pose.id}: counter {counter.id} must be gentle")


@functools.cache
def asks_tags() -> dict[str, str]:
    """What a pose may ask of the body: tag -> what it means (``asks:`` in poses.yaml)."""
    return dict(load_yaml("poses.yaml")["asks"])


@functools.cache
def _library() -> tuple[tuple[PoseInfo, ...], dict[str, PoseInfo]]:
    data = load_yaml("poses.yaml")
    poses = tuple(_pose(raw, data["defaults"]) for raw in data["poses"])
    _check_links(poses)
    index: dict[str, PoseInfo] = {}
    for pose in poses:
        for name in pose.names:
            other = index.setdefault(name_key(name), pose)
            if other is not pose:
                raise ValueError(f"poses.yaml: name {name!r} is used by {other.id} and {pose.id}")
    return poses, index


def all_poses() -> list[PoseInfo]:
    """Every pose in library order."""
    return list(_library()[0])


def get_pose(name: str) -> PoseInfo | None:
    """The pose called ``name`` (id or alias, loosely matched), or None."""
    return _library()[1].get(name_key(name))


FOREIGN_NAME = 0.3  # how much nearer a name in the other language must be to be suggested


def name_in(pose: PoseInfo, name: str, lang: str) -> str:
    """``pose``'s name nearest to ``name`` among those an author writing in ``lang`` would use:
    one in the library's other language only when it is much nearer ("figura de cuatro" to a
    Spanish script, not "figure 4"; "mariposa" to an English one that wrote "mariposaa"); names
    in neither (Sanskrit, an id) are anyone's."""
    words = _title_words()
    others = set().union(*(w for other, w in words.items() if other != lang))
    own = words.get(lang, set())

    def foreign(candidate: str) -> bool:
        said = _name_words(candidate)
        return bool(said) and said <= others and not said <= own

    def score(candidate: str) -> float:  # as near, the author's language first
        near = difflib.SequenceMatcher(None, name_key(name), name_key(candidate)).ratio()
        return near - FOREIGN_NAME * foreign(candidate)

    return max(pose.names, key=score)


@functools.cache
def _title_words() -> dict[str, set[str]]:
    """The words of every pose's title, per language: what tells an English name from a
    Spanish one."""
    words: dict[str, set[str]] = {}
    for pose in _library()[0]:
        for lang, text in pose.texts.items():
            words.setdefault(lang, set()).update(_name_words(text.title))
    return words


def _name_words(name: str) -> set[str]:
    """The words of a pose's name that tell its language (digits and short words left out)."""
    return {w for w in re.findall(r"[^\W\d_]+", name.casefold()) if len(w) > 2}


def closest_poses(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` pose names (ids or aliases, as written in the library) close to ``name``."""
    by_key: dict[str, str] = {}
    for pose in _library()[0]:
        for candidate in pose.names:
            by_key.setdefault(name_key(candidate), candidate)
    keys = difflib.get_close_matches(name_key(name), list(by_key), n=n, cutoff=0.6)
    return [by_key[key] for key in keys]
