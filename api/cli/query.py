"""Graph questions: ``path``, ``amplification``, ``outlets``, ``search`` and ``export``.

The queries, the stores and the result tables are imported inside each command, not
here: every command module is imported to build the command line, and a query must
start in well under half a second (ARCHITECTURE.md, "Start-up").
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from api.cli.options import (
    ExcludeOpt,
    JsonOpt,
    MaxHopsOpt,
    MinConfOpt,
    StoreOpt,
    TypesOpt,
    UndirectedOpt,
    edge_types,
    err,
    evidence_methods,
    opened_store,
    out,
    print_json,
)
from graph.limits import MAX_PATHS
from graph.schema import EXPORT_FORMATS

if TYPE_CHECKING:
    from pydantic import BaseModel

    from graph.results import PathsOut
    from graph.store import Store

__all__ = ["amplification_cmd", "export_cmd", "outlets", "path", "search_cmd"]

R = TypeVar("R", bound="BaseModel")


def _answer(
    uri: str | None, query: Callable[[Store], R], as_json: bool, show: Callable[[R], None]
) -> None:
    """Run ``query`` on the store, then print its JSON (``--json``) or ``show`` it."""
    from graph.results import dump

    with opened_store(uri) as st:
        result = query(st)
    if as_json:
        print_json(dump(result))
    else:
        show(result)


def _flow(
    types: list[str] | None,
    min_confidence: float,
    exclude_methods: list[str] | None,
    undirected_reuse: bool,
) -> dict[str, Any]:
    """The options every traversal takes, from the command line's values."""
    return {
        "types": edge_types(types),
        "min_confidence": min_confidence,
        "exclude_methods": evidence_methods(exclude_methods),
        "undirected_reuse": undirected_reuse,
    }


def path(
    origin: Annotated[str, typer.Argument(help="Name, domain, URL or key")],
    destination: Annotated[str, typer.Argument(help="Name, domain, URL or key")],
    store: StoreOpt = None,
    types: TypesOpt = None,
    max_hops: MaxHopsOpt = 6,
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=MAX_PATHS, help="Number of paths")] = 3,
    time_respecting: Annotated[
        bool, typer.Option(help="Each hop published after the previous")
    ] = False,
    min_confidence: MinConfOpt = 0.0,
    exclude_methods: ExcludeOpt = None,
    undirected_reuse: UndirectedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Show how a story travelled from ORIGIN to DESTINATION (flow order, origin first)."""
    from api.cli.tables import print_paths
    from graph.queries.paths import PathOptions, find_paths

    flow = _flow(types, min_confidence, exclude_methods, undirected_reuse)
    options = PathOptions(**flow, max_hops=max_hops, k=k, time_respecting=time_respecting)

    def show(result: PathsOut) -> None:
        if not result.paths:
            out.print(f"No path from {result.origin.name} to {result.destination.name}.")
            raise typer.Exit(1)
        print_paths(result)

    _answer(store, lambda st: find_paths(st, origin, destination, options=options), as_json, show)


def amplification_cmd(
    source: Annotated[str, typer.Argument(help="Outlet, article or actor")],
    store: StoreOpt = None,
    types: TypesOpt = None,
    max_hops: MaxHopsOpt = 6,
    min_confidence: MinConfOpt = 0.0,
    exclude_methods: ExcludeOpt = None,
    undirected_reuse: UndirectedOpt = False,
    since: Annotated[
        datetime | None, typer.Option(help="Count articles published from (ISO date)")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(help="Count articles published until (ISO date)")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Show who spreads SOURCE's content, how far and how fast."""
    from api.cli.tables import print_amplification
    from graph.queries.amplification import AmplificationOptions, amplification

    flow = _flow(types, min_confidence, exclude_methods, undirected_reuse)
    options = AmplificationOptions(**flow, max_hops=max_hops, since=since, until=until, top=top)
    query = partial(amplification, source=source, options=options)
    _answer(store, query, as_json, print_amplification)


def outlets(
    store: StoreOpt = None,
    types: TypesOpt = None,
    min_confidence: MinConfOpt = 0.0,
    exclude_methods: ExcludeOpt = None,
    undirected_reuse: UndirectedOpt = False,
    sort: Annotated[
        str, typer.Option(help="pagerank | source_rank | betweenness | in_degree | out_degree")
    ] = "pagerank",
    limit: Annotated[int, typer.Option(min=1)] = 30,
    as_json: JsonOpt = False,
) -> None:
    """The outlet graph: who takes content from whom, with centrality per outlet."""
    from api.cli.tables import RANKINGS, print_outlets
    from graph.queries.flow import FlowOptions
    from graph.queries.outlet_graph import outlet_graph

    if sort not in RANKINGS:
        raise typer.BadParameter(f"--sort must be one of {', '.join(RANKINGS)}")
    options = FlowOptions(**_flow(types, min_confidence, exclude_methods, undirected_reuse))
    show = partial(print_outlets, sort=sort, limit=limit)
    _answer(store, partial(outlet_graph, options=options), as_json, show)


def search_cmd(
    text: Annotated[str, typer.Argument(help="Part of a name, alias or title")],
    store: StoreOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Find outlets, actors and articles by name, alias or title."""
    from api.cli.tables import print_search
    from graph.queries.lookup import search

    _answer(store, partial(search, q=text, limit=limit), as_json, print_search)


def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="/".join(EXPORT_FORMATS))] = "json",
    store: StoreOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Export the whole store (nodes and edges with evidence)."""
    from graph.export import export

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    with opened_store(store) as st:
        text = export(st, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
