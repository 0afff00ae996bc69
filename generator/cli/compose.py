"""``holdspace compose``: a complete, commented session script from a few choices, different for
every seed (by default, every day). Instant: it reads small data files and plans with guessed
sentence lengths; ``--render`` hands the script to ``holdspace render``."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from generator.cli.options import Choice, parse_length, script_voice_option, shell_word
from generator.cli.render import render
from generator.errors import InputError

MAX_COUNT = 31


def _today() -> int:
    """Today as a number (20250314): without --seed, a different session every day."""
    return int(datetime.date.today().strftime("%Y%m%d"))


@click.command()
@click.option("--length", callback=parse_length, default="20m", show_default=True,
              metavar="DURATION", help="How long the session is (10m, 20m, 45m, 5:35).")  # fmt: skip
@click.option("--position", "place", type=Choice(["floor", "chair", "bed"]),
              default="floor", show_default=True, help="Where the practice happens.")  # fmt: skip
@click.option("--focus", type=Choice(["hips", "breath", "rest"]), default="hips",
              show_default=True, help="More hip shapes, more breathing, or more rest.")  # fmt: skip
@click.option("--avoid", "avoid", multiple=True, metavar="TAGS",
              help="Leave out every pose that asks this of the body, e.g. knees,lying_on_back "
              "(comma-separated, or repeated; `holdspace poses --json` lists the tags; a pose "
              "name works too).")  # fmt: skip
@click.option("--caution", "cautions", multiple=True, metavar="CONDITIONS",
              help="Have each pose's note for this said: hip_replacement, pregnancy, hypermobility "
              "(comma-separated, or repeated; `holdspace poses --notes` shows them). Not "
              "medical advice.")  # fmt: skip
@click.option("--language", default="en", show_default=True, metavar="en|es",
              help="The language of the words; with a region, as in es-AR, es-UY or es-PY, "
              "the Spanish is in vos.")  # fmt: skip
@click.option("--address", metavar="tú|vos|usted",
              help="Spanish: how the words speak to the listener [default: tú, or vos for "
              "es-AR, es-UY, es-PY].")  # fmt: skip
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), metavar="N",
              help="Which session of all those the choices allow [default: today's date, so a "
              "new one each day].")  # fmt: skip
@click.option("--breath", metavar="PATTERN",
              help="A breathing pattern by name, or none for no breathing block; without it, "
                   "a slow one with no holds.")  # fmt: skip
@click.option("--count", type=click.IntRange(1, MAX_COUNT), default=1, show_default=True,
              help="How many sessions (seeds N, N+1, …), each with its own title; with -o FOLDER.")  # fmt: skip
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), metavar="PATH",
              help="The script to write (FILE.yaml), or with --count the folder for them "
              "[default: print the script].")  # fmt: skip
@script_voice_option
@click.option("--render", "and_render", is_flag=True,
              help="Render each script at once, as holdspace render does (a script not "
              "named with -o is kept as audio_out/<title>.yaml).")  # fmt: skip
@click.pass_context
def compose(
    ctx: click.Context, length: float, place: str, focus: str, avoid: tuple[str, ...],
    cautions: tuple[str, ...], language: str, address: str | None, seed: int | None, breath: str | None,
    count: int, output: Path | None,
    voice: str | None, and_render: bool,
) -> None:  # fmt: skip
    """Write a complete, commented, editable session script from a few choices.

    The script keeps every sequencing and care rule, fits --length, and says in its first lines
    the command that makes it again. Without -o it is printed; what --avoid left out is said on
    stderr.

    \b
    Example:
      holdspace compose --length 20m --seed 3 -o my.yaml && holdspace render my.yaml
      holdspace compose --position chair --length 15m --avoid knees
      holdspace compose --count 7 -o week/ --position bed --focus rest
      holdspace compose --avoid lying_on_back --caution pregnancy
    """
    from generator.compose.composer import compose_many
    from generator.compose.rules import Choices

    tags = tuple(t for item in avoid for t in item.split(",") if t.strip())
    conditions = tuple(t for item in cautions for t in item.split(",") if t.strip())
    choices = Choices(length_s=length, place=place, focus=focus, avoid=tags, language=language,
                      address=address, seed=_today() if seed is None else seed, breath=breath,
                      voice=voice, cautions=conditions)  # fmt: skip
    if count > 1 and output is None:
        raise InputError(f"--count {count} writes {count} scripts: name a folder with -o FOLDER")
    made = compose_many(choices, count)
    printing = output is None and not and_render
    paths = [] if printing else _paths(made, output, count)  # checked before anything is said
    for note in dict.fromkeys(n for m in made for n in m.notes):
        click.echo(f"holdspace: {note}", err=True)
    if printing:
        click.echo(made[0].text, nl=False)
        return
    _write(made, paths)
    for m, path in zip(made, paths, strict=True):
        if and_render:
            click.echo(f"wrote {path} ({m.title}); rendering it")  # the script stays, to edit
            ctx.invoke(render, script=path)
        else:
            word = shell_word(path)
            click.echo(f"wrote {path} ({m.title}); next: holdspace render {word}")


def _paths(made: list, output: Path | None, count: int) -> list[Path]:
    """Where each script goes, checked before anything is written."""
    from generator.output.paths import slug

    if count == 1 and output is not None:
        if output.is_dir() or str(output).endswith(("/", "\\")):
            folder = output
        else:
            if output.suffix.lower() not in (".yaml", ".yml"):
                raise InputError(f"-o {output}: give a file name ending in .yaml")
            if not output.parent.is_dir():
                raise InputError(f"-o {output}: the folder {output.parent} does not exist")
            paths = [output]
            folder = None
    else:
        folder = output if output is not None else Path("audio_out")
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            raise InputError(f"-o {folder}: with --count, -o names a folder, and this is a file")
        if not folder.parent.is_dir():
            raise InputError(f"-o {folder}: the folder {folder.parent} does not exist")
        names: list[str] = []
        for m in made:
            name, n = slug(m.title), 2
            while name in names:
                name, n = f"{slug(m.title)}-{n}", n + 1
            names.append(name)
        paths = [folder / f"{name}.yaml" for name in names]
    for path in paths:
        if path.exists():
            raise InputError(f"{path} already exists; choose another name or move it away "
                             "(nothing was written)")  # fmt: skip
    return paths


def _write(made: list, paths: list[Path]) -> None:
    from generator.output.files import atomic_write_text

    if paths:
        paths[0].parent.mkdir(exist_ok=True)
    for m, path in zip(made, paths, strict=True):
        atomic_write_text(path, m.text)
