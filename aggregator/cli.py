"""``repit-aggregator``: the server's command line.

The server, its routes and its commands follow AGGREGATOR.md; they arrive with
the aggregator issue. Until then this entry point exists so that packaging and
scripts can rely on the command being installed.
"""

from __future__ import annotations

import click


def main() -> None:
    cli(prog_name="repit-aggregator")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="repit", prog_name="repit-aggregator")
def cli() -> None:
    """Répit's aggregator: receives team contributions and shows the Prévention
    service statistics of groups large enough that no one can be singled out."""
