"""Explorer pages and the served views (``/views/...``), with their security headers.

Pages are Jinja templates with autoescape; the only script they load is
``/assets/explorer.js`` from this server, under a Content-Security-Policy that allows
nothing else. Views are the self-contained pages of api/views.py; their CSP pins the
two inline scripts by hash. Included in api/app.py before the JSON router, so these
``/views/...`` handlers are the ones that answer.
"""

from __future__ import annotations

import html
import re
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import view_queries as q
from api import views
from api.routes import PathOptionsDep, RefQuery, StoreDep, TypeParam, relation_types
from graph.errors import CitegraphError
from graph.queries import AmplificationOptions, PathOptions
from graph.schema import EDGE_SPECS, OUTLET_KIND_COLOURS, EdgeKind, OutletKind

__all__ = ["EXPLORER_CSP", "router"]

router = APIRouter(include_in_schema=False)

EXPLORER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'self'"
)
# Served views may be framed by anyone's report; they run only their hashed scripts.
SERVED_VIEW_CSP = views.VIEW_CSP + "; frame-ancestors *"
_COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_ASSETS = {"explorer.js": "text/javascript", "explorer.css": "text/css"}


def _page(template: str, **context: Any) -> HTMLResponse:
    html = views.TEMPLATES.get_template(template).render(**context)
    return HTMLResponse(html, headers={"Content-Security-Policy": EXPLORER_CSP, **_COMMON_HEADERS})


def safe_url(url: object) -> str | None:
    """Only http(s) URLs become links (no ``javascript:`` from a hostile page)."""
    return url if isinstance(url, str) and re.match(r"https?://", url, re.I) else None


views.TEMPLATES.filters["safe_url"] = safe_url
# The schema's palette, for badges and hop colours in every page (and its macros).
views.TEMPLATES.globals["kind_colours"] = {k.value: c for k, c in OUTLET_KIND_COLOURS.items()}
views.TEMPLATES.globals["edge_colours"] = {k.wire: s.colour for k, s in EDGE_SPECS.items()}


@router.get("/assets/{name}")
def asset(name: str) -> Response:
    if name not in _ASSETS:
        return Response(status_code=404)
    text = resources.files("api").joinpath(f"static/{name}").read_text(encoding="utf-8")
    return Response(text, media_type=_ASSETS[name], headers=_COMMON_HEADERS)


# ------------------------------------------------------------------------ views


Embed = Annotated[bool, Query(description="Chrome-free page for an iframe")]
Download = Annotated[bool, Query(description="Serve as a standalone file to save")]
Format = Annotated[Literal["html", "svg"], Query()]


def _view_response(
    request: Request, view: views.View, *, embed: bool, download: bool, fmt: str
) -> Response:
    name = f"citegraph-{view.kind}"
    if fmt == "svg":
        return Response(
            views.render_svg(view),
            media_type="image/svg+xml",
            headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Content-Disposition": f'inline; filename="{name}.svg"',
                **_COMMON_HEADERS,
            },
        )
    headers = {"Content-Security-Policy": SERVED_VIEW_CSP, **_COMMON_HEADERS}
    if download:
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
        views.render_html(view, embed=embed, links=links, snippet=snippet), headers=headers
    )


@router.get("/views/path")
def view_path(
    request: Request,
    store: StoreDep,
    origin: RefQuery,
    destination: RefQuery,
    options: PathOptionsDep,
    embed: Embed = False,
    download: Download = False,
    format: Format = "html",
) -> Response:
    """The paths from origin to destination, origin on the left."""
    view = views.path(q.paths(store, origin, destination, options))
    return _view_response(request, view, embed=embed, download=download, fmt=format)


@router.get("/views/cascade")
@router.get("/views/amplification")
def view_cascade(
    request: Request,
    store: StoreDep,
    source: RefQuery,
    types: TypeParam = None,
    max_hops: Annotated[int, Query(ge=1, le=20)] = 6,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    layout: Literal["depth", "time"] = "depth",
    since: date | None = None,
    until: date | None = None,
    aggregate_above: Annotated[int, Query(ge=1, le=100_000)] = views.AGGREGATE_ABOVE,
    embed: Embed = False,
    download: Download = False,
    format: Format = "html",
) -> Response:
    """A source's amplification cascade, by hop depth or by time, with a date filter."""
    options = AmplificationOptions(
        types=relation_types(types),
        max_hops=max_hops,
        min_confidence=min_confidence,
    )
    view = views.cascade(
        q.cascade(store, source, options),
        by=layout,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        aggregate_above=aggregate_above,
    )
    return _view_response(request, view, embed=embed, download=download, fmt=format)


@router.get("/views/outlet")
def view_outlet(
    request: Request,
    store: StoreDep,
    outlet: RefQuery,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    embed: Embed = False,
    download: Download = False,
    format: Format = "html",
) -> Response:
    """An outlet's neighbourhood: whom it takes content from, and whom it feeds."""
    key = q.outlet_key(store, outlet)
    graph = q.outlet_flow_graph(store, min_confidence)
    view = views.neighbourhood(graph, key, hops=hops, outlet=q.outlet_node(store, key))
    return _view_response(request, view, embed=embed, download=download, fmt=format)


@router.get("/views/outlet-graph")
def view_outlet_graph(
    request: Request,
    store: StoreDep,
    types: TypeParam = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    embed: Embed = False,
    download: Download = False,
    format: Format = "html",
) -> Response:
    """The outlet graph overview (force layout computed on the server)."""
    wanted = {t.wire for t in relation_types(types)} if types else None
    view = views.overview(q.outlet_flow_graph(store, min_confidence), types=wanted)
    return _view_response(request, view, embed=embed, download=download, fmt=format)


# ---------------------------------------------------------------------- explorer


@router.get("/")
def home(
    store: StoreDep, search: Annotated[str, Query(alias="q", max_length=200)] = ""
) -> Response:
    """Search, the outlets by kind, and the outlet graph."""
    found = q.search(store, search, limit=50) if search.strip() else []
    outlets = q.outlets(store)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for o in outlets:
        by_kind.setdefault(o.get("outlet_kind") or OutletKind.UNKNOWN.value, []).append(o)
    kinds = [(k.value, by_kind[k.value]) for k in OutletKind if k.value in by_kind]
    return _page("home.html", q=search, found=found, kinds=kinds, count=len(outlets))


@router.get("/explore/outlet/{key:path}")
def outlet_page(key: str, store: StoreDep) -> Response:
    """An outlet's profile, amplification figures and views."""
    profile = q.outlet_profile(store, key)
    amp = q.cascade(store, key, AmplificationOptions())
    return _page("outlet.html", o=profile, amp=amp, key=key)


@router.get("/explore/paths")
def path_finder(
    store: StoreDep,
    origin: Annotated[str, Query(max_length=2000)] = "",
    destination: Annotated[str, Query(max_length=2000)] = "",
    k: Annotated[int, Query(ge=1, le=20)] = 3,
    time_respecting: bool = False,
) -> Response:
    """Choose an origin and a destination; see the paths and every hop's evidence."""
    result, error = None, None
    if origin.strip() and destination.strip():
        try:
            options = PathOptions(k=k, time_respecting=time_respecting)
            result = q.paths(store, origin, destination, options)
        except CitegraphError as exc:  # an unknown name is an answer on this page
            error = exc.to_json()["error"]
    params = urlencode(
        {"origin": origin, "destination": destination, "k": k, "time_respecting": time_respecting}
    )
    return _page(
        "paths.html",
        origin=origin,
        destination=destination,
        k=k,
        time_respecting=time_respecting,
        result=result,
        error=error,
        view_params=params,
    )


@router.get("/explore/article/{key:path}")
def article_page(key: str, request: Request, store: StoreDep) -> Response:
    """An article with its edges and their evidence (confirm/reject with a token)."""
    data = q.article_page(store, key)
    can_review = bool(request.app.state.settings.token)
    return _page(
        "article.html",
        a=data,
        can_review=can_review,
        relation=lambda t: EdgeKind.parse(t).wire,
    )
