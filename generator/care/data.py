"""Shared helpers for the care layer: reading the YAML data files and normalising names.

Data is read lazily (on first use) and cached, so importing ``generator.care`` stays instant.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata
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
        raise ValueError(f"unsupported language {lang!r}; built-in text exists for: en, es")
    return base


def name_key(name: str) -> str:
    """Matching key that ignores case, spaces, dashes, underscores, apostrophes and accents."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NAME_NOISE.sub("", plain)
