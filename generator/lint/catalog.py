"""Which lint rules exist: the phrase rules' ids (read from ``lint_rules.yaml`` without compiling
a pattern) and the script-level rules. The loader asks this when it checks an ``allow``, so a
script is validated without loading the planner or the phrase matcher."""

from __future__ import annotations

import functools

from generator.care.data import load_yaml

# rules that need the whole script, in generator.lint.script (the phrase rules are data)
HOLD_WITHOUT_EXIT = "hold-without-exit"
LONG_SILENCE = "long-silence"
COMMENT_IN_TEXT = "comment-in-text"
HOLD_OUT_OF_RANGE = "hold-out-of-range"
AGAINST_CAUTION = "against-caution"  # generator.lint.cautions
HELPLINE_PRESSURE = "helpline-pressure"  # generator.lint.helpline: a resource that presses
POSE_NOT_FOR_PLACE = "pose-not-for-place"  # generator.lint.places
CHECK_IN_UNSAID = "check-in-unsaid"  # generator.lint.unsaid: an own check-in never said
ADDRESS_MIXED = "address-mixed"  # generator.lint.address: a tú line in a script in usted
LENGTH_SAID = "length-said"  # an own opening that speaks of another length than the track's
LENGTH_NEAR_EDGE = "length-near-edge"  # a length: the guess from words puts just out of reach
ALLOW_WITHOUT_REASON = "allow-without-reason"  # about an allow itself, so never allowable
# phrase rules about how words come out of a voice, not what they mean: the word model (trained on
# meaning) never overrules them (it still judges what the sentence says)
MECHANICAL_RULES = frozenset({"read-out-symbols"})
# phrase rules newer than the word model's training (no line of the corpus has their kind): the
# model cannot judge them, so it never overrules them either (it still judges what the sentence
# says). Kept out of here once the model is retrained with lines of their kind.
UNTRAINED_RULES = frozenset({"memory-recall"})
SCRIPT_RULES = (
    HOLD_WITHOUT_EXIT, LONG_SILENCE, COMMENT_IN_TEXT, HOLD_OUT_OF_RANGE, AGAINST_CAUTION,
    HELPLINE_PRESSURE, POSE_NOT_FOR_PLACE, CHECK_IN_UNSAID, ADDRESS_MIXED, LENGTH_NEAR_EDGE, LENGTH_SAID,
)  # fmt: skip

# what the script rules say, in each language with built-in words
MESSAGES = {
    "en": {
        "hold-without-exit": "this hold is short enough to get no check-in, and the cue offers "
        'no way out; add e.g. "you can come out at any time"',
        "fitted": "fitted to the script's length, this {written} s hold lasts {hold} s: ",
        "hold-out-of-range": "{pose} is held {low} to {high}; much longer can strain the joints "
        "it asks of (or tire the listener): shorten it, or say why with "
        "# holdspace: allow hold-out-of-range because …",
        "hold-in-seconds": "a number alone is seconds: {n} s of {pose}, which is held {low} to "
        "{high}; for minutes, write {n}m",
        "hold-too-short": "{pose} is held {low} to {high}; {held} is hardly time to settle "
        "into it{hint}",
        "hold-minutes": "; for minutes, write {n}m",
        "length-said": "the track will be about {length}; say its length as it is, or leave "
        "the length to the built-in opening (care: opening: true), which says the real one",
        "length-near-edge": "by sentence lengths guessed from the words, the nearest this script "
        "can be is about {nearest}, so {length} may be out of reach; `holdspace plan` measures "
        "it with the voice",
        "length-near-edge-inside": "by sentence lengths guessed from the words, the {end} this "
        "script can be is about {nearest}, so {length} may be out of reach; `holdspace plan` "
        "measures it with the voice",
    },
    "es": {
        "hold-without-exit": "esta postura dura tan poco que no recibe avisos, y la entrada no "
        'ofrece salida; añade p. ej. "puedes salir cuando quieras"',
        "fitted": "ajustada a la duración del guion, esta postura de {written} s dura {hold} s: ",
        "hold-out-of-range": "{pose} se mantiene de {low} a {high}; mucho más puede cargar las "
        "articulaciones que pide (o cansar a quien escucha): acórtala, o di por qué con "
        "# holdspace: allow hold-out-of-range because …",
        "hold-in-seconds": "un número solo son segundos: {n} s de {pose}, que se mantiene de "
        "{low} a {high}; para minutos, escribe {n}m",
        "hold-too-short": "{pose} se mantiene de {low} a {high}; {held} apenas da tiempo a "
        "acomodarse{hint}",
        "hold-minutes": "; para minutos, escribe {n}m",
        "length-said": "la pista durará unos {length}; di la duración que tiene, o deja que la "
        "diga la apertura incluida (care: opening: true), que dice la real",
        "length-near-edge": "según la duración calculada a partir de las palabras, lo más cerca "
        "que puede quedar este guion es unos {nearest}, así que {length} quizá no se alcance; "
        "`holdspace plan` lo mide con la voz",
        "length-near-edge-inside": "según la duración calculada a partir de las palabras, lo más "
        "{end} que puede quedar este guion es unos {nearest}, así que {length} quizá no se "
        "alcance; `holdspace plan` lo mide con la voz",
    },
}


@functools.cache
def phrase_rule_ids() -> tuple[str, ...]:
    """The distinct phrase rule ids, sorted."""
    return tuple(sorted({raw["id"] for raw in load_yaml("lint_rules.yaml")["rules"]}))


def allowable_rule_ids() -> list[str]:
    """Every rule id an ``allow`` may name, sorted: the phrase rules and the script rules."""
    return sorted({*phrase_rule_ids(), *SCRIPT_RULES})
