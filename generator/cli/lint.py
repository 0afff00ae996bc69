"""``holdspace lint``: wording and timing against the care rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.errors import HoldspaceError


@click.command()
@click.argument("scripts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option(
    "--deep",
    is_flag=True,
    help="Also ask a fine-tuned sentence encoder about sentences the rules let go "
    "(English; needs the deep extra).",
)
def lint(scripts: tuple[Path, ...], as_json: bool, deep: bool) -> None:
    """Check the wording and timing of SCRIPTS against the care rules.

    Each finding: FILE:LINE: level rule-id: "phrase" — suggestion. A script that plan or render
    would refuse (bad YAML, an unknown bed, a missing ambient file or cover) gets its one error
    line on stderr, and the other scripts are still checked. Exit status 2 when any script was
    refused, else 1 when any finding is an error. Silence one line with
    `# holdspace: allow RULE-ID because …`.

    --deep catches more risky wording the rules have never seen (docs/linter.md has the
    figures); it is slower the first time a sentence is seen (about 5 ms each), then cached.

    \b
    Example:
      holdspace lint sessions/*.yaml
      holdspace lint --deep sessions/gentle-hips.yaml
    """
    from generator.lint import encoder
    from generator.lint.script import lint_file
    from generator.plan.wording import known_language
    from generator.render.inputs import check_script_files
    from generator.script.load import load_session

    if deep:
        encoder.require()
    findings = []
    status = 0
    for path in scripts:
        try:
            session = load_session(path)
            found = lint_file(path, session, deep)
        except HoldspaceError as exc:  # this script is refused; the others still get checked
            click.echo(str(exc).replace("\n", " "), err=True)
            status = max(status, exc.exit_code)
            continue
        lang = known_language(session.language)
        if deep and lang and not encoder.has_model(lang):
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
        except HoldspaceError as exc:
            click.echo(str(exc).replace("\n", " "), err=True)
            status = max(status, exc.exit_code)
    if as_json:
        click.echo(json.dumps([f.to_json() for f in findings], indent=1, ensure_ascii=False))
    if any(f.level == "error" for f in findings):
        status = max(status, 1)
    sys.exit(status)
