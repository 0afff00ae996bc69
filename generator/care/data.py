"""Shared helpers for the care layer: reading the YAML data files and normalising names.

Data is read lazily (on first use) and cached, so importing ``generator.care`` stays instant.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "es")

_NAME_NOISE = re.compile(r"[\s\-_'’`.]+")


@functools.cache
def load_yaml(name: str) -> Any:
    """Parse ``generator/data/<name>`` once; the result is shared, so callers must not mutate it."""
    import yaml  # deferred: importing generator.care should not pay for the YAML parser

    resource = importlib.resources.files("generator").joinpath("data", name)
    # our own data: libyaml's loader where PyYAML has it (ten times faster), else the same in Python
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(resource.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506


def normalize_lang(lang: str) -> str:
    """``"en-US"``/``"es_MX"``/``"ES"`` -> ``"en"``/``"es"``; anything else is a ValueError."""
    base = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    if base not in LANGUAGES:
        raise ValueError(
            f"unsupported language {lang!r}; built-in text exists for: en, es{language_hint(lang)}"
        )
    return base


def phrase_data(lang: str) -> dict[str, Any]:
    """The built-in spoken words of ``lang`` (``generator/data/phrases.<lang>.yaml``)."""
    return load_yaml(f"phrases.{normalize_lang(lang)}.yaml")


# what people type for a built-in value: a language by its name, compose's words in Spanish
_SAID_AS = {
    "english": "en", "ingles": "en", "anglais": "en", "englisch": "en",
    "spanish": "es", "espanol": "es", "castellano": "es", "espagnol": "es", "spanisch": "es",
    "suelo": "floor", "esterilla": "floor", "silla": "chair", "cama": "bed",
    "caderas": "hips", "cadera": "hips", "respiracion": "breath", "respirar": "breath",
    "descanso": "rest", "descansar": "rest",
    # conditions (care: cautions), as people write them
    "embarazo": "pregnancy", "embarazada": "pregnancy", "pregnant": "pregnancy",
    "hip replacement": "hip_replacement", "protesis de cadera": "hip_replacement",
    "protesis": "hip_replacement", "reemplazo de cadera": "hip_replacement",
    "cadera operada": "hip_replacement",
    "hypermobile": "hypermobility", "hypermobile joints": "hypermobility",
    "joint hypermobility": "hypermobility", "ehlers danlos": "hypermobility",
    "heds": "hypermobility", "hsd": "hypermobility", "hiperlaxitud": "hypermobility",
    "hiperlaxo": "hypermobility", "hiperlaxa": "hypermobility", "hipermovilidad": "hypermobility",
    "articulaciones hiperlaxas": "hypermobility",
    # the beds, in Spanish
    "lluvia": "rain", "mar": "ocean", "oceano": "ocean", "olas": "ocean",
    "ruido rosa": "pink-noise", "ruido marron": "brown-noise", "zumbido": "drone", "dron": "drone",
    # what a shape asks (--avoid), in Spanish
    "boca arriba": "lying_on_back", "tumbado boca arriba": "lying_on_back",
    "de lado": "side_lying", "rodillas": "knees", "de rodillas": "kneeling",
    "arrodillarse": "kneeling", "torsion": "twisting", "torsiones": "twisting",
    "equilibrio": "balance", "munecas": "weight_bearing_wrists",
    "sentado en el suelo": "floor_sitting", "cruzar las piernas": "crossing_midline",
    "inversion": "pelvis_inversion", "flexion profunda": "deep_hip_flexion",
}  # fmt: skip


@functools.cache
def _said_as() -> dict[str, str]:
    return {name_key(words): value for words, value in _SAID_AS.items()}


def said_as(value: str) -> str | None:
    """The built-in value ``value`` names in other words ("boca arriba" → lying_on_back), if
    it is one of those people write; None otherwise (no guessing at typos)."""
    return _said_as().get(name_key(value))


def meant(value: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of ``known`` that ``value`` most likely means: itself in other words ("silla" →
    chair, "español" → es), or one a typo away; None when nothing is close."""
    known = tuple(known)
    said = _said_as().get(name_key(value))
    if said in known:
        return said
    near = difflib.get_close_matches(value.strip().lower(), known, n=1, cutoff=cutoff)
    return near[0] if near else None


def did_you_mean(value: str, known: Iterable[str], cutoff: float = 0.6, then: str = "") -> str:
    """ "did you mean 'chair'?" for what ``value`` most likely means among ``known`` (see
    ``meant``), followed by ``then``; else "": every error that suggests a value says it in
    these words."""
    near = meant(value, known, cutoff)
    return f"did you mean {near!r}?{then}" if near else ""


def near_path(path: Path) -> str:
    """ "did you mean 'rest.yaml'? " for a path that does not exist but has a near miss beside
    it: another case, .yml for .yaml, a dash for an underscore, a letter out (else "")."""
    folder = path.parent
    try:
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    except OSError:
        return ""

    def key(name: str) -> str:
        return name.lower().replace("-", "_").removesuffix(".yml").removesuffix(".yaml")

    # the same name but for case, dashes or the YAML extension; else one a letter or two away
    same = [name for name in names if key(name) == key(path.name) and name != path.name]
    near = same or difflib.get_close_matches(path.name, names, n=1, cutoff=0.8)
    if not near:
        return ""
    shown = near[0] if str(folder) == "." else str(folder / near[0])
    return f"did you mean {shown!r}? "


def language_hint(value: str) -> str:
    """ "; did you mean 'es'?" for a language given by name ("español", "Spanish"), else ""."""
    code = _said_as().get(name_key(value))
    return f"; did you mean {code!r}?" if code in LANGUAGES else ""


def name_key(name: str) -> str:
    """Matching key that ignores case, spaces, dashes, underscores, apostrophes and accents."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NAME_NOISE.sub("", plain)
