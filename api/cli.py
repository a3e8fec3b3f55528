"""The ``citegraph`` command: thin wrappers over the library, with ``--json`` output."""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from api import view_queries, views
from api.services import open_configured_store, registry_for
from api.settings import get_settings
from graph.errors import CitegraphError
from graph.export import FORMATS, export
from graph.queries import (
    MAX_HOPS,
    AmplificationOptions,
    FlowOptions,
    PathOptions,
    amplification,
    find_paths,
    outlet_graph,
    search,
)
from graph.queries.cascade import node_json
from graph.queries.paths import MAX_PATHS
from graph.schema import FLOW_EDGES, EdgeKind, NodeKind
from graph.store import Store
from loaders.budget import DEFAULT_CPU_SECONDS
from loaders.errors import DocumentError
from loaders.ingest import IngestItem, IngestReport, extract_source, ingest
from loaders.inputs import InputOptions, Source, iter_sources
from loaders.registry import Registry
from loaders.reuse import ReuseOptions

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
        if key == "suggestions" and isinstance(value, list):
            names = [v["name"] if isinstance(v, dict) else str(v) for v in value]
            err.print(f"  did you mean: {', '.join(names) or '(nothing close)'}")
        else:
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


def _registry(paths: list[Path] | None) -> Registry:
    """The built-in registry with $CITEGRAPH_REGISTRY and --registry files merged over it."""
    try:
        return registry_for(get_settings(), [str(p) for p in paths or []])
    except CitegraphError as exc:
        _fail(exc)
        raise  # unreachable: _fail exits


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
    reg = _registry(registry)
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
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders, manifests (.csv/.jsonl), WARC files, feeds or URLs"),
    ],
    store: StoreOpt = None,
    registry: RegistryOpt = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents already ingested")] = False,
    reuse: Annotated[
        bool,
        typer.Option(
            "--reuse/--no-reuse",
            help="Detect unattributed copies and translations (index beside the store)",
        ),
    ] = True,
    as_json: JsonOpt = False,
    report_file: Annotated[
        Path | None,
        typer.Option("--report", help="Also write the ingest report as JSON to this file"),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr. Default: only when stderr is a terminal",
        ),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Largest document accepted (bytes, after decompression)")
    ] = InputOptions.max_bytes,
    timeout: Annotated[
        float, typer.Option(min=0.01, help="Seconds allowed per URL fetch")
    ] = InputOptions.timeout,
    host_delay: Annotated[
        float, typer.Option(min=0.0, help="Minimum seconds between requests to one host")
    ] = InputOptions.host_delay,
    fetch: Annotated[
        bool, typer.Option(help="Allow network requests (URLs, feed links)")
    ] = InputOptions.fetch,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also fetch loopback, private and link-local addresses (refused by default)",
        ),
    ] = InputOptions.allow_private,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Let manifests name files outside their own folder (refused by default)",
        ),
    ] = InputOptions.allow_outside,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes that parse and extract documents")
    ] = 1,
    batch_size: Annotated[
        int,
        typer.Option(min=1, max=10_000, help="Documents written to the store per transaction"),
    ] = 50,
    cpu_limit: Annotated[
        float,
        typer.Option(
            min=0.1, help="CPU seconds one document may take before it is stopped (over_budget)"
        ),
    ] = DEFAULT_CPU_SECONDS,
) -> None:
    """Ingest documents into the store, then print the ingest report."""
    reg = _registry(registry)
    options = InputOptions(
        max_bytes=max_bytes,
        timeout=timeout,
        host_delay=host_delay,
        fetch=fetch,
        allow_private=allow_private,
        allow_outside=allow_outside,
    )
    with _store(store) as st:
        with _ingest_progress(progress) as tick:
            report = ingest(
                inputs,
                st,
                reg,
                force=force,
                progress=tick,
                options=options,
                reuse=ReuseOptions(enabled=reuse),
                workers=workers,
                batch_size=batch_size,
                cpu_seconds=cpu_limit,
            )
        counts = st.counts()
    data = report.to_json() | {"store": {"nodes": counts.total_nodes, "edges": counts.total_edges}}
    if report_file is not None:
        report_file.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
    if as_json:
        _print_json(data)
    else:
        _print_ingest_report(report)
        out.print(
            f"{report.ok} ingested, {report.skipped} skipped, {report.errors} failed; "
            f"{len(report.merges)} stub(s) merged. Store: {counts.total_nodes} nodes, "
            f"{counts.total_edges} edges."
        )
    if report.errors and not report.ok and not report.skipped:
        raise typer.Exit(1)


@contextmanager
def _ingest_progress(wanted: bool | None) -> Iterator[Callable[[IngestItem], None]]:
    """Yield the per-item callback of a progress bar on stderr (a no-op when hidden).

    Shown when stderr is a terminal, or when asked for (then drawn even into a pipe or
    a log); stdout is left alone either way, so ``--json`` output stays parseable.
    """
    console = (
        err if wanted is None or err.is_terminal else Console(stderr=True, force_terminal=True)
    )
    show = err.is_terminal if wanted is None else wanted
    columns = (
        SpinnerColumn(),
        TextColumn(
            "{task.completed} documents: [green]{task.fields[ok]} ok[/], "
            "[yellow]{task.fields[skipped]} skipped[/], [red]{task.fields[errors]} failed[/]"
        ),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.description}"),
    )
    transient = console.is_terminal and wanted is None
    with Progress(*columns, console=console, transient=transient, disable=not show) as bar:
        task = bar.add_task("", total=None, ok=0, skipped=0, errors=0)
        seen = {"ok": 0, "skipped": 0, "error": 0}

        def tick(item: IngestItem) -> None:
            seen[item.status] += 1
            bar.update(
                task,
                advance=1,
                description=item.input.rstrip("/>").rsplit("/", 1)[-1][:24],
                ok=seen["ok"],
                skipped=seen["skipped"],
                errors=seen["error"],
            )

        yield tick


_ALL_ROWS_UP_TO = 50
_PROBLEM_ROWS = 200


def _print_ingest_report(report: IngestReport) -> None:
    """Print a line per document, then the counts per status and reason code."""
    table = Table("input", "status", "nodes", "edges", "detail", show_edge=False)
    # A line per document is readable for a handful; for a large batch only the failed
    # and skipped ones are listed, up to a screenful. Warnings are counted by code in
    # the summary below, and --report lists every document.
    shown = report.items
    if len(shown) > _ALL_ROWS_UP_TO:
        shown = [i for i in report.items if i.status != "ok"][:_PROBLEM_ROWS]
    for item in shown:
        colour = {"ok": "green", "skipped": "yellow", "error": "red"}[item.status]
        reason = item.error or item.reason
        detail = f"{reason['code']}: {reason['message']}" if reason else "; ".join(item.warnings)
        table.add_row(
            item.input,
            f"[{colour}]{item.status}[/{colour}]",
            str(item.nodes),
            str(item.edges),
            detail[:120],
        )
    if shown:
        out.print(table)
    hidden = len(report.items) - len(shown)
    if hidden:
        out.print(f"[dim]{hidden} more document(s) not listed; --report FILE lists every one[/dim]")
    summary = Table("status", "reason", "documents", title="Ingest report", show_edge=False)
    summary.add_row("[green]ok[/green]", "", str(report.ok))
    codes = report.codes()
    for status, colour in (("skipped", "yellow"), ("errors", "red"), ("warnings", "dim")):
        for code, n in sorted(codes[status].items(), key=lambda kv: (-kv[1], kv[0])):
            summary.add_row(f"[{colour}]{status}[/{colour}]", code, str(n))
    out.print(summary)


ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-method",
        help="Ignore evidence read by this method (repeatable), e.g. text_reuse",
    ),
]
MaxHopsOpt = Annotated[
    int, typer.Option(min=1, max=MAX_HOPS, help=f"Most hops to follow (at most {MAX_HOPS})")
]
MinConfOpt = Annotated[float, typer.Option(min=0.0, max=1.0)]


def _lag(hours: float | None) -> str:
    if hours is None:
        return "?"
    return f"{hours:.1f} h" if abs(hours) < 48 else f"{hours / 24:.1f} d"


@app.command()
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
    as_json: JsonOpt = False,
) -> None:
    """Show how a story travelled from ORIGIN to DESTINATION (flow order, origin first)."""
    options = PathOptions(
        types=_types(types),
        max_hops=max_hops,
        k=k,
        time_respecting=time_respecting,
        min_confidence=min_confidence,
        exclude_methods=frozenset(exclude_methods or ()),
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
        chain = " ⇒ ".join(
            [p["outlet_hops"][0]["from_name"], *(h["to_name"] for h in p["outlet_hops"])]
            if p["outlet_hops"]
            else []
        )
        table = Table(
            "#",
            "from",
            "relation",
            "to",
            "lag",
            "conf",
            "evidence",
            title=f"Path {i}: {chain or 'within one outlet'} "
            f"({p['length']} hops, strength {p['strength']})",
            title_justify="left",
            show_edge=False,
        )
        names = {n["key"]: n.get("outlet") or n["name"] for n in p["nodes"]}
        for j, hop in enumerate(p["hops"], 1):
            ev = hop["evidence"][0]["text"] if hop["evidence"] else ""
            table.add_row(
                str(j),
                names.get(hop["from"], hop["from"]),
                f"[magenta]{hop['type']}[/magenta]",
                names.get(hop["to"], hop["to"]),
                _lag(hop["lag_hours"]),
                f"{hop['confidence']:.2f}",
                f"“{ev[:70]}”" if ev else "",
            )
        out.print(table)


@app.command("amplification")
def amplification_cmd(
    source: Annotated[str, typer.Argument(help="Outlet, article or actor")],
    store: StoreOpt = None,
    types: TypesOpt = None,
    max_hops: MaxHopsOpt = 6,
    min_confidence: MinConfOpt = 0.0,
    exclude_methods: ExcludeOpt = None,
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
    options = AmplificationOptions(
        types=_types(types),
        max_hops=max_hops,
        min_confidence=min_confidence,
        exclude_methods=frozenset(exclude_methods or ()),
        since=since,
        until=until,
        top=top,
    )
    with _store(store) as st:
        result = amplification(st, source, options=options)
    if as_json:
        _print_json(result)
        return
    lag = result["lag_hours"]
    out.print(
        f"[bold]{result['source']['name']}[/bold]: {result['size']} articles downstream, "
        f"depth {result['depth']}, breadth {result['breadth']}, "
        f"{len(result['outlets'])} outlets, languages "
        f"{', '.join(f'{k} {v}' for k, v in result['languages'].items()) or '-'}; "
        f"lag per hop min {_lag(lag['min'])}, median {_lag(lag['median'])}"
    )
    table = Table(
        "outlet", "kind", "articles", "first hop", "languages", "carries", show_edge=False
    )
    carries = {b["key"]: b["share"] for b in result["bridge_outlets"]}
    for o in result["top_amplifiers"]:
        table.add_row(
            o["name"],
            o["kind"],
            str(o["articles"]),
            str(o["first_depth"]),
            ", ".join(o["languages"]),
            f"{carries[o['key']]:.0%}" if o["key"] in carries else "",
        )
    out.print(table)
    if result["timeline"]:
        days = result["timeline"]
        out.print(
            f"Timeline: {days[0]['date']} … {days[-1]['date']}, busiest day "
            f"{max(days, key=lambda d: d['articles'])['date']}"
        )


@app.command()
def outlets(
    store: StoreOpt = None,
    types: TypesOpt = None,
    min_confidence: MinConfOpt = 0.0,
    exclude_methods: ExcludeOpt = None,
    sort: Annotated[
        str, typer.Option(help="pagerank | source_rank | betweenness | in_degree | out_degree")
    ] = "pagerank",
    limit: Annotated[int, typer.Option(min=1)] = 30,
    as_json: JsonOpt = False,
) -> None:
    """The outlet graph: who takes content from whom, with centrality per outlet."""
    keys = ("pagerank", "source_rank", "betweenness", "in_degree", "out_degree")
    if sort not in keys:
        raise typer.BadParameter(f"--sort must be one of {', '.join(keys)}")
    options = FlowOptions(
        types=_types(types),
        min_confidence=min_confidence,
        exclude_methods=frozenset(exclude_methods or ()),
    )
    with _store(store) as st:
        result = outlet_graph(st, options=options)
    if as_json:
        _print_json(result)
        return
    table = Table("outlet", "kind", "in", "out", *keys[:3], show_edge=False)
    ranked = sorted(result["outlets"], key=lambda o: (-o[sort], o["key"]))
    for o in ranked[:limit]:
        table.add_row(
            o["name"],
            o.get("outlet_kind", "unknown"),
            str(o["in_degree"]),
            str(o["out_degree"]),
            *(f"{o[key]:.4f}" for key in keys[:3]),
        )
    out.print(table)
    out.print(f"{len(result['outlets'])} outlets, {len(result['edges'])} outlet→outlet edges.")


@app.command("search")
def search_cmd(
    text: Annotated[str, typer.Argument(help="Part of a name, alias or title")],
    store: StoreOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Find outlets, actors and articles by name, alias or title."""
    with _store(store) as st:
        result = search(st, text, limit=limit)
    if as_json:
        _print_json(result)
        return
    table = Table("kind", "name", "outlet", "key", show_edge=False)
    for node in result["data"]:
        outlet = node.get("outlet", "") if node["kind"] != "Outlet" else ""
        table.add_row(node["kind"], node["name"][:70], outlet, node["key"])
    out.print(table)
    out.print(f"{result['count']} match(es).")


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
    kind: Annotated[str, typer.Argument(help="path | cascade (amplification) | outlet | overview")],
    refs: Annotated[
        list[str] | None,
        typer.Argument(help="path: ORIGIN DESTINATION; cascade: SOURCE; outlet: [OUTLET]"),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (.html, or .svg for print)")
    ] = Path("view.html"),
    store: StoreOpt = None,
    embed: Annotated[bool, typer.Option(help="Chrome-less page for an iframe")] = False,
    layout: Annotated[str, typer.Option(help="cascade: depth | time")] = "depth",
    since: Annotated[str | None, typer.Option(help="cascade: from this date (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="cascade: up to this date")] = None,
) -> None:
    """Write an interactive, self-contained view (opens offline, embeddable) or an SVG.

    ``outlet`` without an argument draws the whole outlet graph (= ``overview``).
    """
    refs = refs or []
    wanted = {"path": (2,), "cascade": (1,), "amplification": (1,), "outlet": (0, 1)}
    wanted["overview"] = (0,)
    if kind not in wanted or len(refs) not in wanted[kind] or layout not in ("depth", "time"):
        raise typer.BadParameter(
            "use: view path ORIGIN DESTINATION | view cascade SOURCE [--layout time] "
            "| view outlet [OUTLET] | view overview"
        )
    with _store(store) as st:
        if kind == "path":
            drawing = views.path(view_queries.paths(st, refs[0], refs[1], PathOptions()))
        elif kind in ("cascade", "amplification"):
            result = view_queries.cascade(st, refs[0], AmplificationOptions())
            drawing = views.cascade(result, by=layout, since=since, until=until)
        elif refs:
            graph = view_queries.outlet_flow_graph(st)
            key = view_queries.outlet_key(st, refs[0])
            drawing = views.neighbourhood(graph, key, outlet=view_queries.outlet_node(st, key))
        else:
            drawing = views.overview(view_queries.outlet_flow_graph(st))
    if output.suffix.lower() == ".svg":
        page = views.render_svg(drawing)
    else:
        page = views.render_html(drawing, embed=embed)
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
    if settings.public_url is None:
        # Where the embed snippet points; set CITEGRAPH_PUBLIC_URL behind a proxy.
        shown = f"[{host}]" if ":" in host else host
        settings = settings.model_copy(update={"public_url": f"http://{shown}:{port}"})
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
