"""Benchmark (not a test): one page of /articles and /outlets on a large embedded store.

A :func:`bench.synthetic.generate` corpus of ``--articles`` documents is written to a
fresh SQLite store. Each workload then reads one page (``limit`` 100) two ways in the
same run, alternating, ``--repeats`` times after one untimed call:

* ``page_nodes``: what the routes do now (:func:`graph.queries.list_nodes`, one SQL
  read of the page and a count);
* ``whole_store``: what they did before: decode every node of the kind with
  ``iter_nodes``, filter in Python, slice the page.

Both must give the same page and count. Reported: p50 milliseconds of each and their
ratio. Results go to bench/results/pages.json.

    .venv/bin/python -m bench.pages [--articles 20000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from bench.synthetic import batches, generate
from graph.models import Node
from graph.queries import list_nodes
from graph.schema import NodeKind, OutletKind
from graph.store.embedded import EmbeddedStore

RESULTS = Path(__file__).parent / "results" / "pages.json"


Filters = dict[str, str | bool | OutletKind]
T = TypeVar("T")


def _page_nodes(
    store: EmbeddedStore, kind: NodeKind, filters: Filters, offset: int
) -> tuple[list[str], int]:
    page = list_nodes(store, kind, limit=100, offset=offset, **filters)  # type: ignore[arg-type]
    return [n.key for n in page.data], page.count


def _whole_store(
    store: EmbeddedStore, kind: NodeKind, keep: Callable[[Node], bool], offset: int
) -> tuple[list[str], int]:
    nodes = [n for n in store.iter_nodes(kind) if keep(n)]
    return [n.key for n in nodes[offset : offset + 100]], len(nodes)


def _ms(fn: Callable[[], T], repeats: int) -> tuple[float, T]:
    answer = fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "pages.db")
        for batch in batches(generate(args.articles, seed=1), 500):
            store.upsert(batch.nodes, batch.edges)
        outlet = next(n.outlet for n in store.iter_nodes(NodeKind.ARTICLE) if n.outlet)
        middle = store.counts().nodes.get(NodeKind.ARTICLE.value, 0) // 2
        workloads: list[tuple[str, NodeKind, Filters, Callable[[Node], bool], int]] = [
            ("articles", NodeKind.ARTICLE, {}, lambda n: True, 0),
            ("articles_middle_page", NodeKind.ARTICLE, {}, lambda n: True, middle),
            (
                "articles_of_outlet",
                NodeKind.ARTICLE,
                {"outlet": outlet},
                lambda n: n.outlet == outlet,
                0,
            ),
            ("stub_articles", NodeKind.ARTICLE, {"stub": True}, lambda n: n.stub, 0),
            (
                "state_media_outlets",
                NodeKind.OUTLET,
                {"outlet_kind": OutletKind.STATE_MEDIA},
                lambda n: n.outlet_kind is OutletKind.STATE_MEDIA,
                0,
            ),
        ]
        results = {}
        for name, kind, filters, keep, offset in workloads:
            new_ms, new = _ms(partial(_page_nodes, store, kind, filters, offset), args.repeats)
            old_ms, old = _ms(partial(_whole_store, store, kind, keep, offset), args.repeats)
            assert new == old, name
            results[name] = {
                "count": new[1],
                "page_nodes_ms_p50": round(new_ms, 2),
                "whole_store_ms_p50": round(old_ms, 2),
                "speedup": round(old_ms / new_ms, 1),
            }
            print(name, results[name])
        counts = store.counts()
        store.close()
    report = {
        "store": "embedded",
        "articles_generated": args.articles,
        "nodes": counts.total_nodes,
        "edges": counts.total_edges,
        "repeats": args.repeats,
        "workloads": results,
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
