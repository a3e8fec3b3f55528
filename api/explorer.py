"""Explorer pages: home and search, outlet pages, the path finder, article pages.

Pages are Jinja templates with autoescape; the only script they load is
``/assets/explorer.js`` from this server, under a Content-Security-Policy that allows
nothing else (api/security.py). Included in api/app.py before the JSON router.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import view_queries as q
from api import views
from api.deps import StoreDep
from api.security import COMMON_HEADERS, EXPLORER_CSP
from graph.errors import CitegraphError
from graph.queries import AmplificationOptions, PathOptions
from graph.schema import EDGE_SPECS, OUTLET_KIND_COLOURS, EdgeKind, OutletKind

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_ASSETS = {"explorer.js": "text/javascript", "explorer.css": "text/css"}


def _page(template: str, **context: Any) -> HTMLResponse:
    html = views.TEMPLATES.get_template(template).render(**context)
    return HTMLResponse(html, headers={"Content-Security-Policy": EXPLORER_CSP, **COMMON_HEADERS})


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
    return Response(text, media_type=_ASSETS[name], headers=COMMON_HEADERS)


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
def outlet_page(key: str, store: StoreDep, infrastructure: bool = False) -> Response:
    """An outlet's profile, amplification figures and views; with ``infrastructure``,
    the outlets sharing its infrastructure, listed and drawn (off by default)."""
    profile = q.outlet_profile(store, key)
    amp = q.cascade(store, key, AmplificationOptions())
    shared = q.operators(store, profile["key"])
    return _page(
        "outlet.html", o=profile, amp=amp, key=key, shared=shared, infrastructure=infrastructure
    )


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
