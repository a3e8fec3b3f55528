"""What a command loads before it answers: a query must not import the parsers, the
views or the HTTP stack (``citegraph path`` started in 2.3 s when every command module
imported them; bench/startup.py measures the time, this test keeps the cause away)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry

# Loaded by ingest, extract, the views and the server, never by a query's start-up.
_PARSERS_AND_VIEWS = (
    "trafilatura",
    "lxml",
    "loaders.documents",
    "loaders.extract",
    "jinja2",
    "httpx",
    "courlan",
    "uvicorn",
    "fastapi",
)
# Not even needed to list the commands and their options.
_QUERY_MACHINERY = ("networkx", "graph.store.base", "graph.results", "rich")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _any_of(loaded: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if m.split(".")[0] in packages or m in packages)


def test_building_the_command_line_loads_no_query_machinery() -> None:
    loaded = _loaded_after(
        "import typer.main\nfrom api.cli import app\ntyper.main.get_command(app)"
    )
    assert _any_of(loaded, _PARSERS_AND_VIEWS + _QUERY_MACHINERY) == []


def test_a_path_query_loads_no_parser_and_no_view(
    tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    db = tmp_path / "seeds.db"
    with EmbeddedStore(db) as store:
        ingest([str(seeds_dir)], store, registry)
    argv = ["path", "RT", "Mondialisation.ca", "--store", str(db), "--json"]
    loaded = _loaded_after(
        "import contextlib, io\nfrom api.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as answer:\n"
        f"    app({argv!r}, standalone_mode=False)\n"
        "assert 'Mondialisation' in answer.getvalue()"
    )
    assert "networkx" in loaded  # the query did run
    assert _any_of(loaded, _PARSERS_AND_VIEWS) == []
