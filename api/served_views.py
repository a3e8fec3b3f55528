"""The served views (``/views/...``): the drawings of api/views as pages, files or SVG;
and ``/dossier``, the report on a path or one article (api/dossier) as HTML or PDF.

Each page carries its CSP (api/security.py): only the two inline scripts, pinned by
hash, may run. ``?embed=1`` drops the chrome for an iframe, ``?download=1`` serves the
standalone file, ``?format=svg`` the static drawing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import views
from api.deps import (
    MinConfidence,
    PathOptionsDep,
    RefQuery,
    StoreDep,
    TimeoutDep,
    TypeParam,
    UndirectedReuse,
    relation_types,
)
from api.dossier import build_article_dossier, build_dossier
from api.dossier.pdf import html_to_pdf
from api.dossier.render import dossier_csp, render_dossier
from api.security import COMMON_HEADERS, SERVED_VIEW_CSP
from graph.errors import BadInput, NotFound
from graph.queries import AmplificationOptions, amplification, find_paths, outlet_graph
from graph.queries.infrastructure import shared_links
from graph.queries.lookup import outlet_of
from loaders.rawstore import RawStore

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Embed = Annotated[bool, Query(description="Chrome-free page for an iframe")]
Download = Annotated[bool, Query(description="Serve as a standalone file to save")]
Format = Annotated[Literal["html", "svg"], Query()]
OptionalRef = Annotated[
    str | None, Query(min_length=1, max_length=2000, description="Name, URL, key or title")
]
Infrastructure = Annotated[
    bool, Query(description="Also draw the outlets sharing infrastructure (dotted links)")
]


@dataclass(frozen=True)
class _Serving:
    """How every view is served: a page (``embed``: without the chrome), a standalone
    file to save (``download``), or the static drawing (``format=svg``)."""

    embed: bool
    download: bool
    format: Literal["html", "svg"]


async def _serving(
    embed: Embed = False, download: Download = False, format: Format = "html"
) -> _Serving:
    return _Serving(embed=embed, download=download, format=format)


ServingDep = Annotated[_Serving, Depends(_serving)]


def _view_response(request: Request, view: views.View, serving: _Serving) -> Response:
    name = f"citegraph-{view.kind}"
    if serving.format == "svg":
        return Response(
            views.render_svg(view),
            media_type="image/svg+xml",
            headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Content-Disposition": f'inline; filename="{name}.svg"',
                **COMMON_HEADERS,
            },
        )
    headers = {"Content-Security-Policy": SERVED_VIEW_CSP, **COMMON_HEADERS}
    if serving.download:
        # The saved file has no links back to this server: it stands alone.
        headers["Content-Disposition"] = f'attachment; filename="{name}.html"'
        return HTMLResponse(views.render_html(view), headers=headers)
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in {"embed"}]
    here = request.url.path + "?"
    # Links are relative to this server, or built on the configured public address:
    # the Host header is the client's to write, and was reflected into every link and
    # into the snippet a researcher pastes into a report.
    public = (request.app.state.settings.public_url or "").rstrip("/")
    links = {
        "download": here + urlencode([*params, ("download", "1")]),
        "svg": here + urlencode([*params, ("format", "svg")]),
        "explorer_home": "/",
        "explorer": public,
    }
    embed_url = public + here + urlencode([*params, ("embed", "1")])
    # Pasted as-is into someone's report: the title (from page data) is escaped here.
    snippet = (
        f'<iframe src="{html.escape(embed_url)}" width="100%" height="600" '
        f'style="border:0" title="{html.escape(view.title)}" loading="lazy"></iframe>'
    )
    return HTMLResponse(
        views.render_html(view, embed=serving.embed, links=links, snippet=snippet),
        headers=headers,
    )


@router.get("/views/path")
def view_path(
    request: Request,
    store: StoreDep,
    serving: ServingDep,
    origin: RefQuery,
    destination: RefQuery,
    options: PathOptionsDep,
) -> Response:
    """The paths from origin to destination, origin on the left."""
    view = views.path(find_paths(store, origin, destination, options=options))
    return _view_response(request, view, serving)


@router.get("/views/cascade")
@router.get("/views/amplification")
def view_cascade(
    request: Request,
    store: StoreDep,
    serving: ServingDep,
    source: RefQuery,
    timeout: TimeoutDep,
    types: TypeParam = None,
    max_hops: Annotated[int, Query(ge=1, le=20)] = 6,
    min_confidence: MinConfidence = 0.0,
    undirected_reuse: UndirectedReuse = False,
    layout: Literal["depth", "time"] = "depth",
    since: date | None = None,
    until: date | None = None,
    aggregate_above: Annotated[int, Query(ge=1, le=100_000)] = views.AGGREGATE_ABOVE,
) -> Response:
    """A source's amplification cascade, by hop depth or by time, with a date filter."""
    options = AmplificationOptions(
        types=relation_types(types),
        max_hops=max_hops,
        min_confidence=min_confidence,
        undirected_reuse=undirected_reuse,
        timeout=timeout,
        start_nodes=True,
    )
    view = views.cascade(
        amplification(store, source, options=options),
        by=layout,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        aggregate_above=aggregate_above,
    )
    return _view_response(request, view, serving)


@router.get("/views/outlet")
def view_outlet(
    request: Request,
    store: StoreDep,
    serving: ServingDep,
    outlet: RefQuery,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    min_confidence: MinConfidence = 0.0,
    infrastructure: Infrastructure = False,
) -> Response:
    """An outlet's neighbourhood: whom it takes content from, and whom it feeds."""
    node = outlet_of(store, outlet)
    graph = outlet_graph(store, min_confidence=min_confidence)
    view = views.neighbourhood(
        graph,
        node.key,
        hops=hops,
        outlet=node,
        shared=shared_links(store, [node.key]) if infrastructure else None,
    )
    return _view_response(request, view, serving)


@router.get("/views/outlet-graph")
def view_outlet_graph(
    request: Request,
    store: StoreDep,
    serving: ServingDep,
    types: TypeParam = None,
    min_confidence: MinConfidence = 0.0,
    infrastructure: Infrastructure = False,
) -> Response:
    """The outlet graph overview (force layout computed on the server)."""
    wanted = {t.wire for t in relation_types(types)} if types else None
    view = views.overview(
        outlet_graph(store, min_confidence=min_confidence),
        types=wanted,
        shared=shared_links(store) if infrastructure else None,
    )
    return _view_response(request, view, serving)


@router.get("/dossier")
def dossier(
    request: Request,
    store: StoreDep,
    origin: OptionalRef = None,
    destination: OptionalRef = None,
    article: OptionalRef = None,
    format: Annotated[Literal["html", "pdf"], Query()] = "html",
) -> Response:
    """The dossier on the strongest path (``origin`` and ``destination``) or on one
    ``article``, as a page or a PDF (printed by Chromium)."""
    raw_dir = request.app.state.settings.raw_dir
    raw = RawStore(raw_dir) if raw_dir else None
    if article is not None and origin is None and destination is None:
        report = build_article_dossier(store, article, raw=raw)
    elif article is None and origin is not None and destination is not None:
        report = build_dossier(store, origin, destination, raw=raw)
    else:
        raise BadInput("give origin and destination, or article (not both)")
    if not report.found:
        raise NotFound(f"nothing to report: {report.summary}")
    interactive = format == "html"  # the PDF: the static drawing only
    csp = dossier_csp(report, interactive=interactive)
    headers = {"Content-Security-Policy": csp + "; frame-ancestors 'self'", **COMMON_HEADERS}
    page = render_dossier(report, interactive=interactive)
    if format == "pdf":
        headers["Content-Disposition"] = 'attachment; filename="citegraph-dossier.pdf"'
        pdf = html_to_pdf(page, request.app.state.settings.chromium)
        return Response(pdf, media_type="application/pdf", headers=headers)
    return HTMLResponse(page, headers=headers)
