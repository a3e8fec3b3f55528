"""Benchmark (not a test): time to a stable, interactive view in headless Chromium.

For synthetic outlet graphs of 500, 2,000 and 10,000 nodes (about 3 edges per node,
preferential attachment, seeded), the same nodes and edges are rendered two ways and
opened from disk in Debian's Chromium with every non-local request blocked:

* ours: api/views/ (layout precomputed with igraph, physics off). Stable means the
  first complete drawing (vis-network's first ``afterDrawing``), since nothing moves
  afterwards. Also measured: server-side build time (layout + HTML) and the time to
  redraw after a zoom (interactivity).
* baseline: pyvis 0.3.2's default output (``Network(directed=True)``, ``generate_html``
  with in-line vis-network, default physics: barnesHut with 1,000 stabilisation
  iterations, then simulation until vis-network reports ``stabilized``). Stable means
  the first ``stabilized`` event (also recorded: ``stabilizationIterationsDone``, when
  pyvis hides its loading bar while nodes still move). Waiting is capped (``--cap``,
  default 90 s); a capped run is recorded as such, so its ratio is a lower bound.

The baseline's nodes and edges are appended to ``Network.nodes``/``edges`` directly:
``add_edge`` checks node membership in a list and would spend minutes in Python
before the browser even starts; the page it generates is the same.

    .venv/bin/python -m bench.views [--sizes 500 2000 10000] [--cap 90]

Results: bench/results/views.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, sync_playwright
from pyvis.network import Network

from api import views
from api.views.model import node_colour, node_label
from graph.results import OutletGraphOut
from graph.schema import FLOW_EDGES, OutletKind

CHROMIUM = "/usr/bin/chromium"
RESULTS = Path(__file__).resolve().parent / "results" / "views.json"
TARGETS_S = {2000: 1.5, 10000: 5.0}


def synthetic_outlet_graph(n: int, seed: int = 0) -> OutletGraphOut:
    """An ``outlet_graph``-shaped result: n outlets, ~3n flow edges, a few big sources."""
    rng = random.Random(seed)
    kinds = list(OutletKind)
    outlets = [
        {
            "key": f"outlet:o{i}",
            "kind": "Outlet",
            "name": f"Outlet {i}",
            "outlet_kind": rng.choice(kinds).value,
            # Centralities are not drawn; the overview only needs the shape.
            "in_degree": 0,
            "out_degree": 0,
            "pagerank": 0.0,
            "source_rank": 0.0,
            "betweenness": 0.0,
        }
        for i in range(n)
    ]
    targets: list[int] = [0]
    edges: dict[tuple[int, int], dict[str, int]] = {}
    for i in range(1, n):
        for _ in range(3):
            j = rng.choice(targets)  # preferential attachment: popular sources get copied
            if j != i:
                t = rng.choice(FLOW_EDGES).wire
                counts = edges.setdefault((j, i), {})
                counts[t] = counts.get(t, 0) + rng.randint(1, 3)
            targets.append(j)
        targets.append(i)
    return OutletGraphOut.model_validate(
        {
            "order": "flow",
            "outlets": outlets,
            "edges": [
                {"from": f"outlet:o{a}", "to": f"outlet:o{b}", "count": sum(c.values()), "types": c}
                for (a, b), c in sorted(edges.items())
            ],
        }
    )


def pyvis_default(result: OutletGraphOut, view: views.View) -> str:
    net = Network(directed=True, cdn_resources="in_line", notebook=False)
    for key, node in view.nodes.items():
        net.nodes.append(
            {
                "id": key,
                "label": node_label(node),
                "color": node_colour(node),
                "shape": "dot",
                "title": node["name"],
            }
        )
        net.node_ids.append(key)
    for e in result.edges:
        net.edges.append({"from": e.from_, "to": e.to, "arrows": "to"})

    return str(net.generate_html())


def _guarded_page(browser: Any, outside: list[str]) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 800})

    def guard(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page: Page = context.new_page()
    return page


def time_ours(browser: Any, path: Path) -> dict[str, Any]:
    outside: list[str] = []
    page = _guarded_page(browser, outside)
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)
    ready_ms = page.evaluate("window.cgReady")
    redraws = []
    for scale in (1.6, 0.7, 1.2):
        redraws.append(
            page.evaluate(
                """(scale) => new Promise(done => {
                const t0 = performance.now();
                network.once("afterDrawing", () => done(performance.now() - t0));
                network.moveTo({scale});
            })""",
                scale,
            )
        )
    page.context.close()
    return {
        "stable_s": round(ready_ms / 1000, 3),
        "redraw_after_zoom_ms": [round(r, 1) for r in redraws],
        "blocked_requests": len(outside),
    }


def time_baseline(browser: Any, path: Path, cap_s: float) -> dict[str, Any]:
    outside: list[str] = []
    page = _guarded_page(browser, outside)
    # Record the first "stabilized" event whenever the page's network appears.
    page.add_init_script("""
        window.__stable = null;
        window.__iterations = null;
        (function hook() {
            if (typeof network === "undefined") { return setTimeout(hook, 20); }
            network.once("stabilized", () => { window.__stable = performance.now(); });
            network.once("stabilizationIterationsDone",
                         () => { window.__iterations = performance.now(); });
        })();
    """)
    page.goto(path.as_uri(), wait_until="commit")
    deadline = time.monotonic() + cap_s
    stable = None
    while time.monotonic() < deadline:
        stable = page.evaluate("window.__stable")
        if stable is not None:
            break
        page.wait_for_timeout(250)
    iterations = page.evaluate("window.__iterations")
    page.context.close()
    return {
        "stable_s": round(stable / 1000, 3) if stable is not None else None,
        # pyvis hides its loading bar here; the nodes keep moving until "stabilized".
        "stabilization_iterations_done_s": (
            round(iterations / 1000, 3) if iterations is not None else None
        ),
        "hit_cap": stable is None,
        "cap_s": cap_s,
        "blocked_requests": len(outside),  # pyvis's Bootstrap CDN links
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--cap", type=float, default=90.0, help="baseline wait cap (s)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for n in args.sizes:
            result = synthetic_outlet_graph(n)
            t0 = time.perf_counter()
            view = views.overview(result)
            t1 = time.perf_counter()
            html = views.render_html(view)
            t2 = time.perf_counter()
            ours_file = Path(tmp) / f"ours-{n}.html"
            ours_file.write_text(html, encoding="utf-8")
            base_file = Path(tmp) / f"pyvis-{n}.html"
            base_file.write_text(pyvis_default(result, view), encoding="utf-8")
            ours = time_ours(browser, ours_file)
            ours |= {"layout_s": round(t1 - t0, 3), "html_s": round(t2 - t1, 3)}
            ours["end_to_end_s"] = round(ours["stable_s"] + t2 - t0, 3)
            print(f"{n} nodes: ours {ours}", flush=True)
            base = time_baseline(browser, base_file, args.cap)
            print(f"{n} nodes: pyvis default {base}", flush=True)
            ratio = (base["stable_s"] or args.cap) / ours["stable_s"]
            rows.append(
                {
                    "nodes": n,
                    "edges": len(result.edges),
                    "ours": ours,
                    "pyvis_default": base,
                    "speedup_stable": round(ratio, 1),
                    "speedup_is_lower_bound": base["hit_cap"],
                    "target_s": TARGETS_S.get(n),
                    "meets_target": (ours["stable_s"] < TARGETS_S[n] if n in TARGETS_S else None),
                }
            )
        browser.close()
    report = {
        "benchmark": "views",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "what": "time from navigation to a stable drawing of an outlet-graph overview, "
        "opened from disk in headless Chromium, network blocked",
        "environment": {
            "chromium": CHROMIUM,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_1_5_15_before": [round(x, 2) for x in load_before],
            "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
            "note": "measured on a 2-core machine shared with other parallel jobs; "
            "compare the ratio, not the absolute seconds",
        },
        "results": rows,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
