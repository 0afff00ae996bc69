"""``holdspace poses``, ``ambients`` and ``voices``: what there is to choose from. Instant: they
read small data files and never load a voice or an audio library."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--language", default="en", show_default=True, help="Show titles in en or es.")
@click.option("--notes", is_flag=True, help="Also show each pose's props, safety note and the "
              "notes care: {cautions: [...]} switches on.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print every pose (places, what it asks "
              "of the body, intensity, props, counters, neighbours), the tags and the breathing "
              "patterns as JSON.")  # fmt: skip
def poses(language: str, notes: bool, as_json: bool) -> None:
    """List the built-in poses: id, sides, hold (default, range) and other names.

    \b
    Example:
      holdspace poses --language es
      holdspace poses --notes
      holdspace poses --json
    """
    from generator.care.breathing import all_patterns
    from generator.care.poses import CONDITIONS, all_poses

    lang = _language(language)
    if as_json:
        click.echo(json.dumps(_catalog_json(), indent=1, ensure_ascii=False))
        return
    for p in all_poses():
        sides = "sides" if p.has_sides else "     "
        hold = f"{p.hold_default:>4.0f}s ({p.hold_min:.0f}-{p.hold_max:.0f})"
        chair = " [chair]" if p.chair else ""
        click.echo(
            f"{p.id:<22} {sides} {hold:<16} {p.title(lang)}{chair}; also: {', '.join(p.aliases)}"
        )
        if notes:
            click.echo(f"    props: {', '.join(p.props) or 'none'}; position: {p.position}")
            lines = [("safety", p.caution(lang))] + [(c, p.note(lang, c)) for c in CONDITIONS]
            for label, text in lines:
                if text:
                    click.echo(f"    {label}: {text}")
    click.echo("\nbreathing patterns (breath: NAME):")
    for b in all_patterns():
        rate = b.rate_per_minute()
        timing = (
            "just noticing"
            if rate is None
            else (
                f"in {b.inhale:g}, hold {b.hold_in:g}, out {b.exhale:g}, hold {b.hold_out:g}; "
                f"{rate:.1f}/min; {b.rounds_default} rounds (max {b.rounds_max})"
            )
        )
        click.echo(f"  {b.id:<18} {timing}")


def _catalog_json() -> dict:
    from generator.care.breathing import all_patterns
    from generator.care.poses import all_poses, asks_tags

    return {
        "poses": [p.to_json() for p in all_poses()],
        "asks": asks_tags(),
        "breathing": [
            {
                "id": b.id,
                "aliases": list(b.aliases),
                "inhale": b.inhale,
                "top_up": b.top_up,
                "hold_in": b.hold_in,
                "exhale": b.exhale,
                "hold_out": b.hold_out,
                "rounds": {"default": b.rounds_default, "max": b.rounds_max},
                "per_minute": b.rate_per_minute(),
            }
            for b in all_patterns()
        ],
    }


def _language(language: str) -> str:
    from generator.care.data import normalize_lang

    try:
        return normalize_lang(language)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--language") from None


@click.command()
def ambients() -> None:
    """List the built-in ambient beds (ambient: {bed: NAME}).

    \b
    Example:
      holdspace ambients
    """
    from generator.mix.beds.catalog import BUILTIN_BEDS

    for name, description in BUILTIN_BEDS.items():
        click.echo(f"{name:<12} {description}")
    click.echo(
        "\nYour own audio: ambient: {file: rain.mp3} (wav, mp3, ogg, flac; looped with a crossfade)"
    )


@click.command()
@click.option(
    "--engine", type=click.Choice(["piper", "pyttsx3", "espeak-ng"]),
    help="Only this engine's voices.",
)  # fmt: skip
@click.option("--language", help="Only voices for this language (e.g. en, es).")
@click.option("--json", "as_json", is_flag=True, help="Print the voices as a JSON list.")
def voices(engine: str | None, language: str | None, as_json: bool) -> None:
    """List the voices each engine has here, and how to use one in a script.

    The voice engine: auto uses for each language comes first; then every voice, by engine.

    \b
    Example:
      holdspace voices --engine piper
      holdspace voices --language es
    """
    from generator.speech.piper_model import ANY_MODEL_ID
    from generator.speech.voices import default_voices, voice_rows

    rows = voice_rows(engine)
    if language:
        wanted = language.lower().replace("_", "-")
        found = [r for r in rows if r.language.lower().replace("_", "-").startswith(wanted)]
        found = [r for r in found if r.id != ANY_MODEL_ID]  # "the file's" language is no "fr"
        rows = [r for r in rows if r in found or (found and r.id == ANY_MODEL_ID)]
    if as_json:
        click.echo(json.dumps([r.to_json() for r in rows], indent=1, ensure_ascii=False))
        return
    if not rows and language:  # not an error: the language may be real, just not installed
        which = f"{engine} voice" if engine else "voice"
        click.echo(
            f"holdspace: no {which} here speaks {language!r}; `holdspace voices` lists every "
            "voice, and any Piper voice (.onnx) can be named with voice: {model: …}",
            err=True,
        )
        return
    defaults = default_voices()
    if language:  # the default for the language asked about, as a script in it would get
        defaults = {lang: voice for lang, voice in defaults.items() if lang.startswith(wanted[:2])}
    if not engine and defaults:
        click.echo("engine: auto uses (by the script's language:)")
        for lang, (eng, vid) in defaults.items():
            click.echo(f"  {lang:<4} {eng} {vid}")
        click.echo("")
    width = min(max(2, *(len(r.id) for r in rows)), 28)
    lang_width = min(max(len("LANGUAGE"), *(len(r.language) for r in rows)), 12)
    shown = None
    for r in rows:
        if r.engine != shown:
            shown = r.engine
            click.echo(("" if r is rows[0] else "\n") + _ENGINE_HEADINGS[r.engine])
            click.echo(f"  {'ID':<{width}}  {'LANGUAGE':<{lang_width}}  {'NAME':<28}  IN A SCRIPT")
        mark = " (default)" if r.default_for else ""
        click.echo(
            f"  {_cut(r.id, width):<{width}}  {_cut(r.language, lang_width):<{lang_width}}  "
            f"{_cut(r.name + mark, 28):<28}  {r.use}"
        )


_ENGINE_HEADINGS = {
    "piper": "piper: neural voices, the default where one speaks the script's language",
    "pyttsx3": "pyttsx3: drives espeak-ng; the default for other languages (same voice ids)",
    "espeak-ng": "espeak-ng: the espeak-ng program itself; fast, robotic, many languages",
}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
