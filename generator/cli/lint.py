"""``holdspace lint``: wording and timing against the care rules."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from generator.errors import HoldspaceError, InputError
from generator.script.model import Session


@click.command()
@click.argument("scripts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option(
    "--deep",
    is_flag=True,
    help="Also ask a fine-tuned sentence encoder about sentences the rules let go "
    "(English and Spanish; needs the deep extra).",
)
@click.option(
    "--caution",
    "cautions",
    multiple=True,
    metavar="CONDITIONS",
    help="Check as for a listener with these needs (hip_replacement, pregnancy, hypermobility; "
    "comma-separated), as a manifest row's caution: words and poses they advise against are "
    "errors.",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line: only findings and errors.")
def lint(
    scripts: tuple[Path, ...], as_json: bool, deep: bool, cautions: tuple[str, ...], quiet: bool
) -> None:
    """Check the wording and timing of SCRIPTS against the care rules.

    Each finding: FILE:LINE: level rule-id: "phrase" — suggestion. A script that plan or render
    would refuse (bad YAML, an unknown bed, a missing ambient file or cover) gets its one error
    line on stderr, and the other scripts are still checked. When none was refused, a summary
    line on stderr ends it ("2 scripts: nothing to question"). Exit status 2 when any script
    was refused, else 1 when any finding is an error. Silence one line with
    `# holdspace: allow RULE-ID because …`.

    --deep catches more risky wording the rules have never seen (docs/linter.md has the
    figures); it is slower the first time a sentence is seen (about 5 ms each), then cached.
    --caution checks a script for one listener before a batch row asks it of them.

    \b
    Example:
      holdspace lint sessions/*.yaml
      holdspace lint --deep sessions/gentle-hips.yaml
      holdspace lint --caution hip_replacement sessions/chair-hips.yaml
    """
    from generator.lint import encoder
    from generator.lint.script import lint_file
    from generator.plan.wording import known_language
    from generator.render.inputs import check_script_files
    from generator.script.load import load_session
    from generator.speech.select import check_voice

    needs = _needs(cautions)
    if deep:
        encoder.require()
    findings = []
    status = 0
    refused = False
    unchecked = 0
    for path in scripts:
        try:
            session = for_listener(load_session(path), needs)
            found = lint_file(path, session, deep)
        except HoldspaceError as exc:  # this script is refused; the others still get checked
            click.echo(str(exc).replace("\n", " "), err=True)
            status = max(status, exc.exit_code)
            refused = True
            continue
        lang = known_language(session.language)
        if lang is None:
            unchecked += 1
            click.echo(unchecked_note(path, session.language), err=True)
        elif deep and not encoder.has_model(lang):
            click.echo(
                f"{path}: note: --deep has no encoder for '{lang}' yet; "
                "this script gets the phrase rules and the word model",
                err=True,
            )
        findings += found
        if not as_json:
            for f in found:
                click.echo(str(f))
        try:
            check_script_files(session)
            # a voice misspelt ("es-ar") is said here, not first when the render refuses it
            check_voice(
                session.voice, session.voice.source or session.path, session.voice.line or None
            )
        except HoldspaceError as exc:
            click.echo(str(exc).replace("\n", " "), err=True)
            status = max(status, exc.exit_code)
            refused = True
    if as_json:
        click.echo(json.dumps([f.to_json() for f in findings], indent=1, ensure_ascii=False))
    if any(f.level == "error" for f in findings):
        status = max(status, 1)
    if not (quiet or as_json or refused):  # a refused script's error stays the one line
        click.echo(summary(len(scripts), [f.level for f in findings], unchecked), err=True)
    sys.exit(status)


def _needs(cautions: tuple[str, ...]) -> tuple[str, ...]:
    from generator.batch.manifest import cautions_in

    try:
        return cautions_in(",".join(cautions)) if cautions else ()
    except ValueError as exc:
        raise InputError(f"--{exc}") from None


def for_listener(session: Session, needs: tuple[str, ...]) -> Session:
    """``session`` as for a listener with ``needs``, beside the cautions it switches on itself
    (as a manifest row's ``caution``): a tester found a second pose her client's caution
    advises against only by copying the script and adding the caution to it."""
    if not needs:
        return session
    cautions = tuple(dict.fromkeys((*session.care.cautions, *needs)))
    return replace(session, care=replace(session.care, cautions=cautions))


def unchecked_note(path: Path, language: str) -> str:
    """Said for a script in a language the care rules cannot read: a tester took "nothing to
    question" on a French "Vous devez vous détendre" to mean it was safe."""
    return (
        f"{path}: note: the care rules read English and Spanish only; the words of this "
        f"'{language}' script were not checked (only its timing): read them against the "
        "categories in docs/linter.md"
    )


def summary(scripts: int, levels: list[str], unchecked: int = 0) -> str:
    """The last line: how many scripts were read and what was found, so a clean run says so
    (and never of words it could not read)."""
    head = f"{scripts} script{'s' if scripts != 1 else ''}"
    if unchecked:
        head += f" ({unchecked} with words not checked: see the note above)"
    if not levels:
        return f"{head}: nothing to question"
    counts = [(levels.count(level), level) for level in sorted(set(levels))]
    kinds = ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for n, level in counts)
    return f"{head}: {len(levels)} finding{'s' if len(levels) != 1 else ''} ({kinds})"
