"""``holdspace new`` (a starter script) and ``holdspace schema`` (the JSON Schema for editors)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from generator.care.data import LANGUAGES
from generator.cli.options import Choice, script_voice_option, shell_word
from generator.errors import InputError
from generator.script.format import ADDRESSES

TEMPLATES = ("hips", "breath", "chair", "bedtime")


@click.command()
@click.argument("name")
@click.option("--template", type=Choice(TEMPLATES), default="hips",
              show_default=True, help="What kind of session to start from.")  # fmt: skip
@click.option("--title", help="The track title [default: from NAME].")
@click.option("--language", type=Choice(LANGUAGES), default="en", show_default=True,
              help="The language of the spoken words (and of the script's comments).")  # fmt: skip
@click.option("--address", type=Choice(ADDRESSES),
              help="Spanish: how the words speak to the listener (tú, vos or usted).")  # fmt: skip
@script_voice_option
def new(
    name: str, template: str, title: str | None, language: str, address: str | None,
    voice: str | None,
) -> None:  # fmt: skip
    """Write NAME.yaml: a commented, lint-clean starter script (and the editor schema beside it).

    \b
    Example:
      holdspace new evening-hips --template bedtime
      holdspace new caderas-noche --template bedtime --language es
      holdspace new respiracion-consulta --template breath --language es --address usted
    """
    from importlib.resources import files

    from generator.output.files import atomic_write_text
    from generator.script.schema import json_schema

    path = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if not name.strip():
        raise InputError("NAME is empty; give the session a name, e.g. holdspace new evening-hips")
    if not path.name.rsplit(".", 1)[0].strip(" ."):  # "", ".", "sub/", ".yaml": no name
        raise InputError(
            f"NAME {name!r} has no file name; give the session a name, e.g. "
            "holdspace new evening-hips"
        )
    if address is not None and language != "es":
        raise InputError(f"--address {address} is for Spanish: add --language es")
    if path.exists():
        raise InputError(f"{path} already exists; choose another name (nothing was changed)")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist; create it first")
    words = path.stem.replace("-", " ").replace("_", " ").strip()
    # English titles capitalise every word; Spanish only the first ("Caderas de tarde")
    named = words.title() if language == "en" else words[:1].upper() + words[1:]
    title = title or named or "My Session"
    if any(ch in title for ch in '{}\n"') or len(title) > 200:
        raise InputError("--title: use a plain title without quotes or braces")
    folder = files("generator") / "data" / "templates"
    text = (
        folder / f"{template}.yaml" if language == "en" else folder / language / f"{template}.yaml"
    ).read_text("utf-8")
    schema_file = path.parent / "holdspace.schema.json"
    modeline = f"# yaml-language-server: $schema={schema_file.name}\n"
    typed = shell_word(path)
    # the length is that of the file as written (its title is the wording's seed)
    body = modeline + text.format(title=title, file=typed, length="{length}")
    if voice is not None:
        body = _with_voice(body, voice)
    if address is not None:
        body = _in_address(body, address)
    atomic_write_text(path, body.replace("{length}", _length_of(body, path)))
    wrote = f"wrote {path}"
    if not schema_file.exists():
        atomic_write_text(
            schema_file, json.dumps(json_schema(), indent=1, ensure_ascii=False) + "\n"
        )
        wrote += f" and {schema_file} (the editor's schema)"
    click.echo(f"{wrote}; next: holdspace lint {typed} && holdspace render {typed}")
    _warn_if_the_track_exists(title, typed)


def _with_voice(body: str, voice: str) -> str:
    """The template's ``voice: {engine: auto…}`` line naming ``voice`` instead (its rate kept)."""
    from generator.script.voices import voice_yaml

    inner = voice_yaml(voice)[1:-1]
    line = re.compile(r"^voice: \{engine: auto(?P<rest>[^}\n]*)\}[^\n]*$", re.M)
    return line.sub(lambda m: f"voice: {{{inner}{m.group('rest')}}}", body, count=1)


def _in_address(body: str, address: str) -> str:
    """The Spanish template with ``address:`` said, and its own words (the opening's and the
    closing's lines) in that address, as the built-in ones will be; its comments, which speak
    to the author, stay as they are."""
    from generator.care.forms import in_address

    line = re.compile(r"^# address: usted +#[^\n]*$", re.M)
    body = line.sub(f"address: {address}", body, count=1)
    block = re.compile(r"^(?P<indent> *)(?:opening|closing): [>|][+-]?\s*$")
    lines: list[str] = []
    inside: int | None = None  # inside: the indent of the key whose block scalar we are in
    for text in body.split("\n"):
        depth = len(text) - len(text.lstrip(" "))
        if inside is not None and (depth > inside or not text.strip()):  # a blank line stays in
            text = text[:depth] + in_address(text[depth:], address)
        else:
            key = block.match(text)
            inside = len(key.group("indent")) if key else None
        lines.append(text)
    return "\n".join(lines)


def _warn_if_the_track_exists(title: str, typed: str) -> None:
    """A track is named after its title, so a new script titled like one already rendered (the
    README's evening-hips and sessions/example.yaml) would silently replace that track."""
    from generator.output.paths import titled_output

    track = titled_output(title)
    if track.exists():
        click.echo(
            f'holdspace: note: {typed} is titled "{title}", so it renders to {track}, which '
            "already exists: rendering it would replace that track; give it another title (or "
            "render it with -o)",
            err=True,
        )


def _length_of(text: str, path: Path) -> str:
    """What the header says of the new script's length: its plan, with sentence lengths
    estimated at the voice's rate (a render is within a few percent of it)."""
    from generator.plan.estimate import estimated_plan
    from generator.script.load import load_text
    from generator.script.text import about

    session = load_text(text, str(path), base_dir=path.parent.resolve())
    plan = estimated_plan(session)
    return about(plan.duration / plan.sample_rate, session.language)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the script format, for editors that check YAML as you type.

    \b
    Example:
      holdspace schema > holdspace.schema.json
      # then, first line of a script: # yaml-language-server: $schema=holdspace.schema.json
    """
    from generator.script.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=1, ensure_ascii=False))
