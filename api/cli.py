"""The ``citegraph`` command: thin wrappers over the library, with ``--json`` output."""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from api.services import open_configured_store, registry_for
from api.settings import get_settings
from api.views import amplification_view, outlet_graph_view, path_view
from graph.errors import CitegraphError
from graph.export import FORMATS, export
from graph.queries import (
    AmplificationOptions,
    PathOptions,
    amplification,
    find_paths,
    outlet_graph,
)
from graph.queries.cascade import node_json
from graph.schema import FLOW_EDGES, EdgeKind, NodeKind
from graph.store import Store
from loaders.errors import DocumentError
from loaders.ingest import IngestItem, extract_source, ingest
from loaders.inputs import Source, iter_sources
from loaders.registry import Registry

app = typer.Typer(
    name="citegraph",
    help="Source-citation graph explorer: how stories travel between outlets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

# The demo corpus sits beside the packages in a checkout; an installed copy (the Docker
# image) finds it in the working directory instead.
EXAMPLES = next(
    (
        p
        for p in (Path(__file__).resolve().parent.parent / "examples", Path.cwd() / "examples")
        if (p / "corpus").is_dir()
    ),
    Path.cwd() / "examples",
)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store URI: a SQLite file path, or bolt://host:port for Neo4j. "
        "Default: $CITEGRAPH_STORE or ./citegraph.db",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output")]
RegistryOpt = Annotated[
    list[Path] | None,
    typer.Option("--registry", help="Extra outlet/actor registry YAML (repeatable)"),
]
TypesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Relation types to follow (repeatable). "
        f"Default: {', '.join(k.wire for k in FLOW_EDGES)}",
    ),
]


# The Neo4j driver logs each retry at WARNING; the CLI reports the final outcome itself.
logging.getLogger("neo4j").setLevel(logging.ERROR)


def _fail(exc: CitegraphError) -> None:
    """Print the one error shape and exit: 2 for bad input, 1 for everything else."""
    err.print(f"[red]error[/red] ({exc.code}): {exc.message}")
    for key, value in exc.details.items():
        err.print(f"  {key}: {value}")
    raise typer.Exit(2 if exc.status < 500 else 1)


@contextmanager
def _store(uri: str | None) -> Iterator[Store]:
    try:
        store = open_configured_store(get_settings(), uri)
    except CitegraphError as exc:
        _fail(exc)
    try:
        yield store
    except CitegraphError as exc:
        _fail(exc)
    finally:
        store.close()


def _types(values: list[str] | None) -> tuple[EdgeKind, ...]:
    if not values:
        return FLOW_EDGES
    try:
        return tuple(EdgeKind.parse(v) for v in values)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Files, folders or URLs")],
    as_json: JsonOpt = False,
    registry: RegistryOpt = None,
    store: Annotated[
        str | None,
        typer.Option("--store", help="Also say which extracted nodes this store already holds"),
    ] = None,
) -> None:
    """Extract nodes and edges without storing them (--json: one object per document)."""
    reg = registry_for(get_settings(), [str(p) for p in registry or []])
    with ExitStack() as stack:
        known = stack.enter_context(_store(store)) if store else None
        failed = sum(_extract_one(source, reg, known, as_json) for source in iter_sources(files))
    if failed and not as_json:
        err.print(f"{failed} document(s) could not be extracted")


def _extract_one(source: Source, reg: Registry, known: Store | None, as_json: bool) -> bool:
    """Print one document's extraction; return True if it failed."""
    try:
        doc, extraction = extract_source(source, reg)
    except DocumentError as exc:
        record: dict[str, Any] = {"input": source.uri, **exc.to_json()}
    else:
        sub = extraction.subgraph
        by_key = {n.key: n for n in sub.nodes}
        outlets = {k: n for k, n in by_key.items() if n.kind is NodeKind.OUTLET}
        nodes = [node_json(n, outlets) for n in sub.nodes]
        record = {
            "input": source.uri,
            "document": doc.id,
            "warnings": doc.warnings + extraction.warnings,
            "article": node_json(by_key[extraction.article], outlets),
            "nodes": nodes,
            "edges": [e.to_json() for e in sub.edges],
        }
        if known is not None:
            held = known.get_nodes(by_key)
            for node in nodes:
                node["in_store"] = node["key"] in held
            record["document_ingested"] = known.document(doc.id) is not None
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif "error" in record:
        err.print(f"[red]✗[/red] {record['input']}: {record['error']['message']}")
    else:
        _print_extraction(record)
    return "error" in record


def _print_extraction(record: dict[str, Any]) -> None:
    article = record["article"]
    out.print(
        f"[bold]{record['input']}[/bold]: {article.get('title') or article['name']}"
        f" [dim]({article.get('outlet', 'outlet unknown')}, {article.get('language', '?')})[/dim]"
    )
    table = Table("type", "target", "evidence", "conf", show_edge=False)
    names = {n["key"]: n["name"] for n in record["nodes"]}
    for e in record["edges"]:
        table.add_row(
            e["type"],
            names.get(e["target"], e["target"]),
            (e["evidence"] or "")[:80],
            f"{e['confidence']:.2f}",
        )
    out.print(table)


@app.command("ingest")
def ingest_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, manifest CSVs or URLs")],
    store: StoreOpt = None,
    registry: RegistryOpt = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents already ingested")] = False,
    as_json: JsonOpt = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes that parse and extract documents")
    ] = 1,
) -> None:
    """Ingest documents into the store, then print the ingest report."""
    reg = registry_for(get_settings(), [str(p) for p in registry or []])
    with _store(store) as st:
        with Progress(console=err, transient=True, disable=as_json) as bar:
            task = bar.add_task("ingesting", total=None)

            def tick(item: IngestItem) -> None:
                bar.update(task, advance=1, description=Path(item.input).name[:40])

            report = ingest(inputs, st, reg, force=force, progress=tick, workers=workers)
        counts = st.counts()
    if as_json:
        _print_json(
            report.to_json() | {"store": {"nodes": counts.total_nodes, "edges": counts.total_edges}}
        )
    else:
        table = Table("input", "status", "nodes", "edges", "detail", show_edge=False)
        for item in report.items:
            colour = {"ok": "green", "skipped": "yellow", "error": "red"}[item.status]
            detail = item.error["message"] if item.error else "; ".join(item.warnings)
            table.add_row(
                item.input,
                f"[{colour}]{item.status}[/{colour}]",
                str(item.nodes),
                str(item.edges),
                detail[:90],
            )
        out.print(table)
        out.print(
            f"{report.ok} ingested, {report.skipped} skipped, {report.errors} failed; "
            f"{len(report.merges)} stub(s) merged. Store: {counts.total_nodes} nodes, "
            f"{counts.total_edges} edges."
        )
    if report.errors and not report.ok and not report.skipped:
        raise typer.Exit(1)


@app.command()
def path(
    origin: Annotated[str, typer.Argument(help="Name, domain, URL or key")],
    destination: Annotated[str, typer.Argument(help="Name, domain, URL or key")],
    store: StoreOpt = None,
    types: TypesOpt = None,
    max_hops: Annotated[int, typer.Option(min=1, max=20)] = 6,
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=50, help="Number of paths")] = 3,
    time_respecting: Annotated[
        bool, typer.Option(help="Each hop published after the previous")
    ] = False,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Show how a story travelled from ORIGIN to DESTINATION (flow order, origin first)."""
    options = PathOptions(
        types=_types(types),
        max_hops=max_hops,
        k=k,
        time_respecting=time_respecting,
        min_confidence=min_confidence,
    )
    with _store(store) as st:
        result = find_paths(st, origin, destination, options=options)
    if as_json:
        _print_json(result)
        return
    if not result["paths"]:
        out.print(f"No path from {result['origin']['name']} to {result['destination']['name']}.")
        raise typer.Exit(1)
    for i, p in enumerate(result["paths"], 1):
        out.print(
            f"[bold]Path {i}[/bold] ({p['length']} hops, weakest confidence {p['confidence']})"
        )
        for j, node in enumerate(p["nodes"]):
            out.print(f"  [cyan]{node.get('outlet', node['name'])}[/cyan]: {node['name']}")
            if j < len(p["hops"]):
                hop = p["hops"][j]
                ev = hop["evidence"][0]["text"] if hop["evidence"] else ""
                out.print(f"    ⇓ [magenta]{hop['type']}[/magenta]  [dim]“{ev[:100]}”[/dim]")


@app.command("amplification")
def amplification_cmd(
    source: Annotated[str, typer.Argument(help="Outlet, article or actor")],
    store: StoreOpt = None,
    types: TypesOpt = None,
    max_hops: Annotated[int, typer.Option(min=1, max=20)] = 6,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Show who spreads SOURCE's content, how far and how fast."""
    options = AmplificationOptions(
        types=_types(types), max_hops=max_hops, min_confidence=min_confidence
    )
    with _store(store) as st:
        result = amplification(st, source, options=options)
    if as_json:
        _print_json(result)
        return
    out.print(
        f"[bold]{result['source']['name']}[/bold]: {result['size']} articles downstream, "
        f"depth {result['depth']}, breadth {result['breadth']}, "
        f"languages {result['languages'] or '-'}; lag (h) min {result['lag_hours']['min']} "
        f"median {result['lag_hours']['median']}"
    )
    table = Table("outlet", "kind", "articles", "first hop", "languages", show_edge=False)
    for o in result["outlets"]:
        table.add_row(
            o["name"],
            o["kind"],
            str(o["articles"]),
            str(o["first_depth"]),
            ", ".join(o["languages"]),
        )
    out.print(table)


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="/".join(FORMATS))] = "json",
    store: StoreOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Export the whole store (nodes and edges with evidence)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}")
    with _store(store) as st:
        text = export(st, fmt)  # type: ignore[arg-type]
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))


@app.command()
def view(
    kind: Annotated[str, typer.Argument(help="path | amplification | outlet")],
    refs: Annotated[
        list[str] | None, typer.Argument(help="path: ORIGIN DESTINATION; amplification: SOURCE")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write")] = Path(
        "view.html"
    ),
    store: StoreOpt = None,
    embed: Annotated[bool, typer.Option(help="Chrome-less page for an iframe")] = False,
) -> None:
    """Write an interactive, self-contained HTML view (works offline, embeddable)."""
    refs = refs or []
    wanted = {"path": 2, "amplification": 1, "outlet": 0}
    if kind not in wanted or len(refs) != wanted[kind]:
        raise typer.BadParameter(
            "use: view path ORIGIN DESTINATION | view amplification SOURCE | view outlet"
        )
    with _store(store) as st:
        if kind == "path":
            page = path_view(find_paths(st, refs[0], refs[1]), embed=embed)
        elif kind == "amplification":
            result = amplification(st, refs[0])
            page = amplification_view(result, result["edges"], embed=embed)
        else:
            page = outlet_graph_view(outlet_graph(st), embed=embed)
    output.write_text(page, encoding="utf-8")
    err.print(f"wrote {output}")


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
) -> None:
    """Serve the HTTP API and the explorer."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    err.print(f"citegraph serving {settings.store} on http://{host}:{port}/")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def demo(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
) -> None:
    """Ingest the bundled examples into a temporary store and serve the explorer."""
    corpus = EXAMPLES / "corpus"
    if not corpus.is_dir():
        err.print(f"[red]error[/red]: the demo corpus is missing ({corpus})")
        raise typer.Exit(1)
    uri = store or str(Path(tempfile.mkdtemp(prefix="citegraph-demo-")) / "demo.db")
    registry = [EXAMPLES / "outlets.yaml"]
    inputs = [str(corpus)]
    # Next to a checkout of the project's shared folder, show the real seed articles too.
    seeds = EXAMPLES.parent.parent / "shared" / "seeds"
    if seeds.is_dir():
        inputs.append(str(seeds))
    ingest_cmd(inputs, store=uri, registry=registry, force=False, as_json=False)
    out.print(
        "Try: [bold]Northwind Agency[/bold] ⇒ [bold]Klartext-Bote[/bold], or the "
        "amplification of [bold]VTV International[/bold]."
    )
    if serve_after:
        settings = get_settings().model_copy(
            update={"store": uri, "registry": [str(p) for p in registry]}
        )
        import uvicorn

        from api.app import create_app

        out.print(f"Explorer: http://{host}:{port}/")
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def main() -> None:  # pragma: no cover - console entry point
    app()
