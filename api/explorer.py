"""Explorer pages: home and search, outlet pages, the path finder, article pages.

Pages are Jinja templates with autoescape; the only script they load is
``/assets/explorer.js`` from this server, under a Content-Security-Policy that allows
nothing else (api/security.py). Included in api/app.py before the JSON router.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import SettingsDep, StoreDep, TimeoutDep
from api.dossier.build import ARTICLE_GIVES, ARTICLE_TAKES
from api.security import COMMON_HEADERS, EXPLORER_CSP
from api.views.html import script, static_text, template_environment
from graph.errors import CitegraphError
from graph.queries import (
    AmplificationOptions,
    PathOptions,
    amplification,
    find_paths,
    lookup,
    operators,
)
from graph.results import NodeOut
from graph.schema import EDGE_SPECS, OUTLET_KIND_COLOURS, NodeKind, OutletKind, ReviewStatus

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_ASSETS = {"explorer.js": "text/javascript", "explorer.css": "text/css"}


def safe_url(url: object) -> str | None:
    """Only http(s) URLs become links (no ``javascript:`` from a hostile page)."""
    return url if isinstance(url, str) and re.match(r"https?://", url, re.I) else None


def day(when: datetime | None) -> str:
    """The publication day of a node (``2026-03-14``), or '' when undated."""
    return when.date().isoformat() if when else ""


# The pages' own environment (the views' stays as it is): filters, and the schema's
# vocabulary and palette, so templates compare and colour by the enums, not by strings.
_PAGES = template_environment(none_as_empty=True)
_PAGES.filters.update(safe_url=safe_url, day=day)
_PAGES.globals.update(
    NodeKind=NodeKind,
    ReviewStatus=ReviewStatus,
    unknown_kind=OutletKind.UNKNOWN,
    kind_colours=dict(OUTLET_KIND_COLOURS),
    edge_colours={k: s.colour for k, s in EDGE_SPECS.items()},
)


def _page(template: str, **context: Any) -> HTMLResponse:
    html = _PAGES.get_template(template).render(**context)
    return HTMLResponse(html, headers={"Content-Security-Policy": EXPLORER_CSP, **COMMON_HEADERS})


@router.get("/assets/{name}")
def asset(name: str) -> Response:
    if name not in _ASSETS:
        return Response(status_code=404)
    text = script(name) if name.endswith(".js") else static_text(name)
    return Response(text, media_type=_ASSETS[name], headers=COMMON_HEADERS)


@router.get("/")
def home(
    store: StoreDep, search: Annotated[str, Query(alias="q", max_length=200)] = ""
) -> Response:
    """Search, the outlets by kind, and the outlet graph."""
    found = lookup.search(store, search, limit=50).data if search.strip() else []
    outlets = lookup.outlets(store)
    by_kind: dict[OutletKind, list[NodeOut]] = {}
    for o in outlets:
        by_kind.setdefault(o.outlet_kind or OutletKind.UNKNOWN, []).append(o)
    kinds = [(k, by_kind[k]) for k in OutletKind if k in by_kind]
    return _page("home.html", q=search, found=found, kinds=kinds, count=len(outlets))


@router.get("/explore/outlet/{key:path}")
def outlet_page(
    key: str, store: StoreDep, timeout: TimeoutDep, infrastructure: bool = False
) -> Response:
    """An outlet's profile, amplification figures and views; with ``infrastructure``,
    the outlets sharing its infrastructure, listed and drawn (off by default)."""
    profile = lookup.outlet_profile(store, key)
    amp = amplification(store, key, options=AmplificationOptions(timeout=timeout))
    shared = operators(store, profile.key)
    return _page(
        "outlet.html", o=profile, amp=amp, key=key, shared=shared, infrastructure=infrastructure
    )


@router.get("/explore/paths")
def path_finder(
    store: StoreDep,
    timeout: TimeoutDep,
    origin: Annotated[str, Query(max_length=2000)] = "",
    destination: Annotated[str, Query(max_length=2000)] = "",
    k: Annotated[int, Query(ge=1, le=20)] = 3,
    time_respecting: bool = False,
) -> Response:
    """Choose an origin and a destination; see the paths and every hop's evidence."""
    result, error = None, None
    if origin.strip() and destination.strip():
        try:
            options = PathOptions(k=k, time_respecting=time_respecting, timeout=timeout)
            result = find_paths(store, origin, destination, options=options)
        except CitegraphError as exc:  # an unknown name is an answer on this page
            error = exc.detail()
    # The form's values fill the page's form again and carry over to its view's link.
    form = {
        "origin": origin,
        "destination": destination,
        "k": k,
        "time_respecting": time_respecting,
    }
    return _page("paths.html", **form, result=result, error=error, view_params=urlencode(form))


@router.get("/explore/article/{key:path}")
def article_page(key: str, store: StoreDep, settings: SettingsDep) -> Response:
    """An article with its edges and their evidence (confirm/reject with a token)."""
    can_review = bool(settings.token)
    a = lookup.article_detail(store, key)
    # The Dossier button only where a dossier has something to report (else a 404).
    has_dossier = any(e.type in ARTICLE_TAKES for e in a.edges_out) or any(
        e.type in ARTICLE_GIVES for e in a.edges_in
    )
    return _page("article.html", a=a, can_review=can_review, has_dossier=has_dossier)
