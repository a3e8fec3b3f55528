"""The interactive page of a view: vis-network records, options and the template.

pyvis builds the node and edge records; the page comes from our own Jinja template
(autoescaped) because pyvis 0.3.2's template links Bootstrap and vis-network from
CDNs, renders ``heading`` unescaped and switches to an ``innerHTML`` popup when a
title contains "href". The template inlines the vis-network 9.1.2 build shipped in
the pinned pyvis wheel, so a view opens from disk, from an email or in an iframe with
no network. Graph data travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped; the page's own script fills every panel
with ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.edge import Edge as PyvisEdge
from pyvis.node import Node as PyvisNode

from api.views.model import (
    LABELS_AT_FIT,
    Record,
    View,
    edge_undirected,
    node_colour,
    node_details,
    node_label,
    tooltip,
    view_legend,
)
from graph.schema import EDGE_SPECS, NODE_SPECS, EdgeKind, NodeKind

__all__ = [
    "ARROWS_DEFERRED_ABOVE",
    "ARROWS_FROM_SCALE",
    "TEMPLATES",
    "VIEW_CSP",
    "VIEW_SCRIPT_HASHES",
    "render_html",
    "script",
    "static_text",
    "template_environment",
]

# Above this many nodes arrowheads are drawn only once zoomed in past ARROWS_FROM_SCALE:
# at the zoom that fits thousands of nodes they are sub-pixel, yet placing them costs
# a large share of the first frame.
ARROWS_DEFERRED_ABOVE = 5000  # nodes
ARROWS_FROM_SCALE = 0.35


def template_environment(*, none_as_empty: bool = False) -> Environment:
    """The Jinja environment of api/templates/: autoescaped HTML, SVG and XML.

    ``none_as_empty`` prints an empty field of a result (``None``) as nothing, not
    as "None": the explorer's pages show results' optional fields as they are.
    """
    return Environment(
        loader=PackageLoader("api", "templates"),
        autoescape=select_autoescape(["html", "svg", "xml"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=(lambda value: "" if value is None else value) if none_as_empty else None,
    )


TEMPLATES = template_environment()


def _pyvis_asset(name: str) -> str:
    return (
        resources.files("pyvis")
        .joinpath(f"templates/lib/vis-9.1.2/{name}")
        .read_text(encoding="utf-8")
    )


def static_text(name: str) -> str:
    return resources.files("api").joinpath(f"static/{name}").read_text(encoding="utf-8")


def script(name: str) -> str:
    """A static script, after the schema's node kinds as ``CG_KINDS``
    (``CG_KINDS.ARTICLE === "Article"``): the scripts compare kinds to graph/schema.py's
    values, never to strings of their own."""
    kinds = json.dumps({kind.name: kind.value for kind in NodeKind}, sort_keys=True)
    return f"var CG_KINDS = Object.freeze({kinds});\n{static_text(name)}"


_VIS_JS = _pyvis_asset("vis-network.min.js")
_VIS_CSS = _pyvis_asset("vis-network.css")
_VIEW_JS = script("view.js")
_VIEW_CSS = static_text("view.css")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# The only scripts a view runs are the two inline blocks below, pinned by hash; the
# data block is JSON, which CSP does not execute. Styles may be inline (vis-network
# sets element styles); images only from data: URIs (vis-network's CSS icons).
#: The CSP source list of those two scripts; a page embedding a view in an iframe
#: srcdoc (which inherits the page's policy) allows them by the same hashes.
VIEW_SCRIPT_HASHES = f"{_sha256(_VIS_JS)} {_sha256(_VIEW_JS)}"
VIEW_CSP = (
    "default-src 'none'; "
    f"script-src {VIEW_SCRIPT_HASHES}; "
    "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


# ------------------------------------------------------------------------ rendering


def _vis_records(view: View) -> tuple[list[Record], list[Record]]:
    """Node and edge records built with pyvis's own Node/Edge option classes.

    (``Network.add_node``/``add_edge`` check membership in a list, which is
    quadratic: minutes for 10,000 nodes.)
    """
    large = len(view.nodes) > LABELS_AT_FIT
    nodes = []
    for key, n in view.nodes.items():
        kind = NodeKind(n.get("kind", NodeKind.ARTICLE.value))
        shape = "dot" if large or kind is NodeKind.ARTICLE else NODE_SPECS[kind].shape
        x, y = view.positions.get(key, (0.0, 0.0))
        options: dict[str, Any] = {
            "title": tooltip(n),
            "x": round(x, 1),
            "y": round(y, 1),
            "cg": node_details(n),
        }
        # Only what differs from the defaults in _options: vis-network merges every
        # option of every node, which dominates start-up for 10,000 nodes.
        if n.get("articles"):
            options["size"] = round(10 + 4 * math.log2(1 + float(n["articles"])), 1)
        if n.get("depth") == 0:
            options["borderWidth"] = 3
        if n.get("stub"):
            options["shapeProperties"] = {"borderDashes": [4, 3]}
        if n.get("published"):
            options["published"] = str(n["published"])[:10]
        if shape == "box":
            options["font"] = {"color": "#ffffff"}
        nodes.append(
            PyvisNode(key, shape, label=node_label(n), color=node_colour(n), **options).options
        )
    crossing = set() if large else _edges_through_nodes(view)
    deferred = len(view.nodes) > ARROWS_DEFERRED_ABOVE
    edges = []
    for i, e in enumerate(view.edges):
        relation = EdgeKind.parse(e["type"])
        spec = EDGE_SPECS[relation]
        count = int(e.get("count") or 1)
        conf = e.get("confidence")
        width = 1 + 1.5 * math.log2(count) if e.get("count") else 1 + 2 * float(conf or 0.5)
        if large:  # thick strokes cost most of the first frame with tens of thousands
            width = min(width, 2.0)
        undirected = edge_undirected(e)
        unit = "article hop(s)" if spec.directed else "identifier(s)"
        tip = relation.wire + (f" · {count} {unit}" if e.get("count") else "")
        if e.get("tier"):
            tip += f" · {e['tier']}"
        if undirected:
            tip += " · direction unknown (undated text reuse)"
        if conf is not None and not e.get("count"):
            tip += f" · confidence {conf}"
        details = {
            "relation": relation.wire,
            "confidence": conf,
            "review": e.get("review"),
            "edge": e.get("edge"),
            "count": e.get("count"),
            "types": e.get("types"),
            "direction": e.get("direction"),
            "evidence": e.get("evidence", []),
        }
        if e.get("identifiers"):
            details["identifiers"] = e["identifiers"]
        edges.append(
            PyvisEdge(
                e["from"],
                e["to"],
                spec.directed,
                id=f"e{i}",
                color=spec.colour,
                width=round(width, 2),
                title=tip,
                cg=details,
                **({"dashes": _dashes(spec.dashes)} if spec.dashes else {}),
                # A symmetric relation has no direction to show, whatever the global says.
                **({} if spec.directed else {"arrows": {"to": {"enabled": False}}}),
                **({"smooth": _CURVED} if i in crossing else {}),
            ).options
        )
        if undirected:  # no arrowhead, whatever the zoom: nothing says who copied whom
            edges[-1]["arrows"] = {"to": {"enabled": False}}
        elif deferred and spec.directed:
            del edges[-1]["arrows"]  # the global option decides (see view.js)
    return nodes, edges


_CURVED = {"enabled": True, "type": "curvedCW", "roundness": 0.25}


def _dashes(dashes: bool | tuple[int, ...]) -> bool | list[int]:
    """vis-network's ``dashes``: true for its default dash, or a [line, gap] pattern."""
    return list(dashes) if isinstance(dashes, tuple) else dashes


def _edges_through_nodes(view: View) -> set[int]:
    """Edges whose straight line passes over a third node (drawn curved instead)."""
    found = set()
    pos = view.positions
    for i, e in enumerate(view.edges):
        if e["from"] not in pos or e["to"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        length2 = (x2 - x1) ** 2 + (y2 - y1) ** 2 or 1.0
        for key, (x, y) in pos.items():
            if key in (e["from"], e["to"]):
                continue
            t = max(0.0, min(1.0, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / length2))
            if math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1))) < 30:
                found.add(i)
                break
    return found


def _options(view: View) -> dict[str, Any]:
    large = len(view.nodes) > LABELS_AT_FIT
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {
            "smooth": False,
            "arrows": {
                "to": {"enabled": len(view.nodes) <= ARROWS_DEFERRED_ABOVE, "scaleFactor": 0.7}
            },
            "selectionWidth": 2,
        },
        "nodes": {
            "shape": "dot",
            "size": 10,
            "borderWidth": 1,
            "font": {"size": 14, "face": "system-ui, sans-serif"},
            "widthConstraint": {"maximum": 150},
            # Labels shrink with the zoom; below this many screen pixels they are not
            # drawn, so a large graph at the default zoom shows no overlapping text.
            "scaling": {"label": {"enabled": False, "drawThreshold": 9 if large else 3}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
    }


def _data_json(data: dict[str, Any]) -> Markup:
    """JSON safe inside a script element: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render_html(
    view: View,
    *,
    embed: bool = False,
    links: dict[str, str] | None = None,
    snippet: str | None = None,
) -> str:
    """The standalone page. ``links`` (served views only) adds download/SVG/explorer links."""
    nodes, edges = _vis_records(view)
    data = {
        "kind": view.kind,
        "nodes": nodes,
        "edges": edges,
        "options": _options(view),
        "timeFilter": view.time_filter,
        "arrowsFromScale": ARROWS_FROM_SCALE if len(view.nodes) > ARROWS_DEFERRED_ABOVE else 0,
        # None: no explorer to link to (a saved file); "" links relative to the server.
        "explorer": links.get("explorer") if links else None,
    }
    return TEMPLATES.get_template("view.html").render(
        view=view,
        embed=embed,
        links=links or {},
        snippet=snippet,
        legend=view_legend(view),
        csp=VIEW_CSP,
        vis_css=Markup(_VIS_CSS),
        view_css=Markup(_VIEW_CSS),
        vis_js=Markup(_VIS_JS),
        view_js=Markup(_VIEW_JS),
        data=_data_json(data),
    )
