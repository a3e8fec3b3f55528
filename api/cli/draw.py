"""Drawings and the server: ``view``, ``serve`` and ``demo``.

The views, the queries and the loaders are imported inside each command (start-up).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.options import (
    EXAMPLES,
    StoreOpt,
    UndirectedOpt,
    err,
    opened_store,
    out,
    registry_from,
)
from api.settings import get_settings, reuse_options

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = ["demo", "serve", "view"]


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
    undirected_reuse: UndirectedOpt = False,
    infrastructure: Annotated[
        bool,
        typer.Option(help="outlet, overview: also draw shared-infrastructure links (dotted)"),
    ] = False,
) -> None:
    """Write an interactive, self-contained view (opens offline, embeddable) or an SVG.

    ``outlet`` without an argument draws the whole outlet graph (= ``overview``).
    """
    from api import views
    from graph.queries.amplification import AmplificationOptions, amplification
    from graph.queries.infrastructure import shared_links
    from graph.queries.lookup import outlet_of
    from graph.queries.outlet_graph import outlet_graph
    from graph.queries.paths import PathOptions, find_paths

    refs = refs or []
    wanted = {"path": (2,), "cascade": (1,), "amplification": (1,), "outlet": (0, 1)}
    wanted["overview"] = (0,)
    if kind not in wanted or len(refs) not in wanted[kind] or layout not in ("depth", "time"):
        raise typer.BadParameter(
            "use: view path ORIGIN DESTINATION | view cascade SOURCE [--layout time] "
            "| view outlet [OUTLET] | view overview"
        )
    with opened_store(store) as st:
        if kind == "path":
            options = PathOptions(undirected_reuse=undirected_reuse)
            drawing = views.path(find_paths(st, refs[0], refs[1], options=options))
        elif kind in ("cascade", "amplification"):
            amp = AmplificationOptions(start_nodes=True, undirected_reuse=undirected_reuse)
            result = amplification(st, refs[0], options=amp)
            drawing = views.cascade(result, by=layout, since=since, until=until)
        elif refs:
            outlet = outlet_of(st, refs[0])
            drawing = views.neighbourhood(
                outlet_graph(st),
                outlet.key,
                outlet=outlet,
                shared=shared_links(st, [outlet.key]) if infrastructure else None,
            )
        else:
            drawing = views.overview(
                outlet_graph(st), shared=shared_links(st) if infrastructure else None
            )
    if output.suffix.lower() == ".svg":
        page = views.render_svg(drawing)
    else:
        page = views.render_html(drawing, embed=embed)
    output.write_text(page, encoding="utf-8")
    err.print(f"wrote {output}")


def _with_public_url(settings: Settings, host: str, port: int) -> Settings:
    """Where the views' embed snippet points, unless configured (behind a proxy, set
    CITEGRAPH_PUBLIC_URL): the address the server listens on, never a Host header."""
    if settings.public_url is not None:
        return settings
    shown = f"[{host}]" if ":" in host else host
    return settings.model_copy(update={"public_url": f"http://{shown}:{port}"})


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
    settings = _with_public_url(settings, host, port)
    err.print(f"citegraph serving {settings.store} on http://{host}:{port}/")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def demo(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
) -> None:
    """Ingest the bundled examples into a temporary store and serve the explorer."""
    from api.cli.tables import print_ingest_report
    from loaders.ingest import ingest

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
    with opened_store(uri) as st:
        reuse = reuse_options(get_settings())
        report = ingest(inputs, st, registry_from(registry), reuse=reuse)
        counts = st.counts()
    print_ingest_report(report, counts)
    out.print(
        "Try: [bold]Northwind Agency[/bold] ⇒ [bold]Klartext-Bote[/bold], or the "
        "amplification of [bold]VTV International[/bold]."
    )
    if serve_after:
        settings = get_settings().model_copy(
            update={"store": uri, "registry": [str(p) for p in registry]}
        )
        settings = _with_public_url(settings, host, port)
        import uvicorn

        from api.app import create_app

        out.print(f"Explorer: http://{host}:{port}/")
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
