"""The ``publish`` and ``serve`` click commands; the CLI group registers them.

Only option parsing lives here, and the work is imported when a command runs, so registering
these commands costs the CLI nothing at start-up (the work needs Pillow, mutagen and werkzeug).
Bad input raises InputError (one line with the fix, exit status 2 through the CLI); Ctrl-C in
``serve`` closes the listening socket and lets KeyboardInterrupt reach the CLI (one line, 130).
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import port_number

DEFAULT_DATE = "2025-01-01"


@click.command("publish")
@click.argument(
    "inputs", nargs=-1, required=True, metavar="INPUT...", type=click.Path(path_type=Path)
)
@click.option(
    "-o", "--output", "site", required=True, type=click.Path(path_type=Path),
    help="The site folder to write (created; replaced whole when publish made it before).",
)  # fmt: skip
@click.option(
    "--base-url",
    help="Where the site will be served, e.g. http://192.168.1.20:8000/. Needed for feed.xml.",
)
@click.option("--title", help="The podcast's and page's title (default: from the tracks' tags).")
@click.option("--description", help="A sentence or two about the library.")
@click.option("--author", help="Who made the tracks (default: the tracks' artist).")
@click.option(
    "--image",
    type=click.Path(path_type=Path),
    help="Square PNG or JPEG for the podcast and the icons (default: the first track's cover).",
)
@click.option("--language", help="Language code such as en or es (default: the first track's).")
@click.option(
    "--date",
    default=DEFAULT_DATE,
    show_default=True,
    help="Date the feed gives the first track (YYYY-MM-DD); the others are a minute apart.",
)
@click.option(
    "--category",
    help="The podcast's category, as apps list it, e.g. 'Health & Fitness > Mental Health' or "
    "'Spirituality' (default: Health & Fitness > Alternative Health).",
)
@click.option(
    "--mixed-listeners",
    is_flag=True,
    help="Publish tracks made for different named listeners on one site (refused without it: "
    "each would hear the others' names and health notes).",
)
@click.option(
    "--unlisted",
    is_flag=True,
    help="Ask podcast apps and search engines not to list or index the site (always so for a "
    "named listener's tracks). A request they honour, not a lock.",
)
def publish_command(
    inputs: tuple[Path, ...],
    site: Path,
    base_url: str | None,
    title: str | None,
    description: str | None,
    author: str | None,
    image: Path | None,
    language: str | None,
    date: str,
    category: str | None,
    mixed_listeners: bool,
    unlisted: bool,
) -> None:
    """Put holdspace tracks (MP3s or folders of them) on a site for phones: a podcast feed,
    an offline web player, and the tracks with their chapters and transcripts.

    \b
    Example:
      holdspace publish audio_out/library -o site --base-url http://192.168.1.20:8000/
    """
    from generator.publish import actions

    actions.publish_site(
        list(inputs),
        site,
        base_url=base_url,
        title=title,
        description=description,
        author=author,
        image=image,
        language=language,
        date=date,
        category=category,
        mixed_listeners=mixed_listeners,
        unlisted=unlisted,
    )


@click.command("serve")
@click.argument("site", type=click.Path(path_type=Path))
@click.option(
    "--host",
    help="Address to listen on (default 127.0.0.1; with --lan, every address: the LAN one for "
    "phones, 127.0.0.1 here).",
)
@click.option("--port", callback=port_number, default="8000", show_default=True,
              help="Port to listen on; 0 picks a free one.")  # fmt: skip
@click.option("--lan", is_flag=True, help="Serve to phones on this network, with QR codes.")
def serve_command(site: Path, host: str | None, port: int, lan: bool) -> None:
    """Serve a published site (read-only) to this computer or, with --lan, to phones on the
    same network. Ctrl-C stops.

    \b
    Example:
      holdspace serve site --lan
    """
    from generator.publish import actions

    actions.serve_site(site, host=host, port=port, lan=lan)
