"""The ``holdspace`` command group: every command registered here. Importing this module has no
side effects (``generator.cli.launch`` is the program, with its early Ctrl-C handling)."""

from __future__ import annotations

import click

from generator.cli.app import HoldspaceGroup
from generator.cli.batch import batch
from generator.cli.catalog import ambients, poses, voices
from generator.cli.compose import compose
from generator.cli.lint import lint
from generator.cli.new import new, schema
from generator.cli.plan import plan
from generator.cli.record import record
from generator.cli.render import render
from generator.publish.commands import publish_command, serve_command


@click.group(cls=HoldspaceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="holdspace", prog_name="holdspace")
def cli() -> None:
    """Turn YAML session scripts into voice-guided, trauma-sensitive MP3 tracks, offline.

    \b
    Example:
      holdspace render                       # the default session, into audio_out/
      holdspace plan sessions/gentle-hips.yaml
    """


for command in (
    render,
    plan,
    lint,
    poses,
    ambients,
    voices,
    batch,
    new,
    compose,
    schema,
    record,
    publish_command,
    serve_command,
):
    cli.add_command(command)


def main() -> None:
    cli()
