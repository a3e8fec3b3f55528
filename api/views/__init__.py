"""Interactive HTML views (vis-network via pyvis), self-contained, offline and escaped.

Builders (build.py) turn query results into a :class:`View`; html.py and svg.py draw
it (html.py says why our own template, not pyvis's), with positions computed on the
server (layout.py) and physics off, so even large graphs are interactive at once.
"""

from api.views.build import AGGREGATE_ABOVE, article, cascade, neighbourhood, overview, path
from api.views.html import TEMPLATES, VIEW_CSP, render_html
from api.views.model import View
from api.views.svg import render_svg

__all__ = [
    "AGGREGATE_ABOVE",
    "TEMPLATES",
    "VIEW_CSP",
    "View",
    "article",
    "cascade",
    "neighbourhood",
    "overview",
    "path",
    "render_html",
    "render_svg",
]
