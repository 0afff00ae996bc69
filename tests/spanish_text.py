"""Every built-in Spanish line: what a table of another form of address (generator/data/
voseo.yaml, usted.yaml) must turn, read from the data files as the planner and compose read
them."""

from __future__ import annotations

from importlib.resources import files

from generator.care.data import load_yaml
from generator.lint import catalog, helpline
from generator.lint.address import EXAMPLE


def _spanish(value: object, inside: bool = False) -> list[str]:
    """Every string under an ``es`` key (or everywhere, for a Spanish-only file)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _spanish(v, inside or k == "es")]
    if isinstance(value, list):
        return [s for v in value for s in _spanish(v, inside)]
    return [value] if inside and isinstance(value, str) else []


def _suggestions_es(rules: list[dict]) -> list[str]:
    """A rules file's Spanish suggestions: a Spanish rule's own (and its fitted ones), and the
    Spanish of a rule for any language."""
    out = []
    for rule in rules:
        if rule.get("language") == "es":
            out.append(rule["suggestion"])
            out += [f["suggestion"] for f in rule.get("fitted_suggestions") or []]
        if "suggestion_es" in rule:
            out.append(rule["suggestion_es"])
    return out


# lint's suggestions quote sentences to say ("p. ej. "puedes salir cuando quieras""), turned to
# an usted or vos script's address (generator/lint/address.py): every suggestion in its data
# and its Spanish messages
SPANISH = [
    *_suggestions_es(load_yaml("lint_rules.yaml")["rules"]),
    *_suggestions_es(load_yaml("lint_cautions.yaml")["rules"]),
    *catalog.MESSAGES["es"].values(),
    helpline.REWRITE["es"],
]
LINT_EXAMPLES = sorted({m.group(1) for s in SPANISH for m in EXAMPLE.finditer(s)})


def _starters_own() -> list[str]:
    """The Spanish starters' own spoken words (``holdspace new --address``: the breathing
    starter's opening and closing), as the starter writes them."""
    import yaml

    folder = files("generator") / "data" / "templates" / "es"
    out = []
    for template in folder.iterdir():
        text = template.read_text("utf-8").format(title="T", file="t.yaml", length="")
        care = yaml.safe_load(text).get("care") or {}
        out += [v for k, v in care.items() if k in ("opening", "closing") and isinstance(v, str)]
    return out


COMPOSE = load_yaml("compose.yaml")
BUILT_IN = sorted(
    set(
        _spanish(load_yaml("phrases.es.yaml"), True)
        + _spanish(load_yaml("poses.yaml"))
        + _spanish(load_yaml("breathing.yaml"))
        # compose writes these into a script for the planner to say (its comments speak to
        # the author and stay as they are)
        + [s for key in ("arrival", "cue_exits", "titles") for s in _spanish(COMPOSE[key])]
        + LINT_EXAMPLES
        + _spanish(load_yaml("site_words.yaml")["es"], True)  # a published page's own words
        + _starters_own()
    )
)
