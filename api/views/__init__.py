"""Interactive HTML views (vis-network via pyvis), self-contained, offline and escaped.

pyvis builds the node and edge records; the page comes from our own Jinja template
(autoescaped) because pyvis 0.3.2's template links Bootstrap and vis-network from
CDNs, renders ``heading`` unescaped and switches to an ``innerHTML`` popup when a
title contains "href". The template inlines the vis-network 9.1.2 build shipped in
the pinned pyvis wheel, so a view opens from disk, from an email or in an iframe with
no network. Graph data travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped; the page's own script fills every panel
with ``textContent``. Positions are computed here (layout.py) and physics is off,
so even large graphs are interactive at once.
"""

from api.views.build import AGGREGATE_ABOVE, cascade, neighbourhood, overview, path
from api.views.html import TEMPLATES, VIEW_CSP, render_html
from api.views.model import View
from api.views.svg import render_svg

__all__ = [
    "AGGREGATE_ABOVE",
    "TEMPLATES",
    "VIEW_CSP",
    "View",
    "cascade",
    "neighbourhood",
    "overview",
    "path",
    "render_html",
    "render_svg",
]
