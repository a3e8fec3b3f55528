"""The ``citegraph`` command: thin wrappers over the library, with ``--json`` output.

One module per family of commands (ingest, query, draw); what they share is in
options.py and how results read in a terminal in tables.py.
"""

from __future__ import annotations

import typer

from api.cli import dossier, draw, infrastructure, ingest, query

__all__ = ["app", "main"]

app = typer.Typer(
    name="citegraph",
    help="Source-citation graph explorer: how stories travel between outlets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command()(ingest.extract)
app.command("ingest")(ingest.ingest_cmd)
app.command()(query.path)
app.command("amplification")(query.amplification_cmd)
app.command()(query.outlets)
app.command("search")(query.search_cmd)
app.command("operators")(infrastructure.operators_cmd)
app.command("export")(query.export_cmd)
app.command()(draw.view)
app.command()(dossier.dossier)
app.command()(dossier.verify)
app.command()(draw.serve)
app.command()(draw.demo)


def main() -> None:  # pragma: no cover - console entry point
    app()
