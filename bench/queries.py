"""Benchmark (not a test): path and amplification latency on both stores, by direct
call and through the HTTP API in the same run.

For each corpus size (``--sizes``, articles) a :class:`bench.synthetic.FlowCorpus`
(power-law outlets, chains through intermediaries, translations, dates) is loaded
into each backend (``--backends``: a fresh SQLite file; the Neo4j database emptied
first). Four workloads of ``--queries`` queries each, drawn from the corpus's known
cascades, are then timed:

* ``path_article``:  a story's original article -> one of its articles 2-5 hops down;
* ``path_outlet``:   the original's outlet -> the derived article's outlet (names);
* ``amplification_article``: the cascade of a story's original article;
* ``amplification_outlet``:  the cascade of a mid-sized amplifier outlet (by name).

Each query runs once untimed (warm-up: it also builds the embedded store's graph),
then ``--repeats`` times alternating the direct call (``graph.queries``) and the HTTP
request (in-process ASGI, ``fastapi.testclient``, through routing, validation, the
response model and JSON encoding). Reported per workload: p50/p95 milliseconds of
both and their ratio (the API overhead). Both backends' direct answers are hashed per
query: they must agree. Results go to bench/results/queries.json.

WARNING: this wipes the Neo4j database it connects to (see bench/neo4j_ingest.py for
how it finds one).

    .venv/bin/python -m bench.queries [--sizes 10000 100000] [--backends embedded neo4j]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from bench.synthetic import FlowCorpus
from graph.queries import AmplificationOptions, amplification, find_paths
from graph.store import Store
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "queries.json"
TARGETS_MS = {"embedded_path_p95_at_1m": 50.0, "neo4j_path_p95": 100.0}
TARGET_OVERHEAD = 1.3
# Direct calls and the API list the same number of cascade articles.
AMPLIFICATION = AmplificationOptions(limit=100)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 3)


def _digest(data: Any) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def _load(store: Store, corpus: FlowCorpus, batch_docs: int) -> float:
    start = time.perf_counter()
    nodes: list[Any] = []
    edges: list[Any] = []
    for i, doc in enumerate(corpus.documents(), 1):
        nodes.extend(doc.nodes)
        edges.extend(doc.edges)
        if i % batch_docs == 0:
            store.upsert(nodes, edges)
            nodes, edges = [], []
        if i % 50000 == 0:
            print(f"  loaded {i} articles", file=sys.stderr)
    if nodes or edges:
        store.upsert(nodes, edges)
    return time.perf_counter() - start


Query = tuple[str, dict[str, str]]


def _workloads(corpus: FlowCorpus, n: int, seed: int) -> dict[str, list[Query]]:
    """Draw queries with known answers from the corpus's cascades."""
    rng = random.Random(seed)
    deep = [i for i, d in enumerate(corpus.depth) if 2 <= d <= 5]
    rng.shuffle(deep)
    picked = deep[:n]
    roots = sorted({corpus.root[i] for i in deep})
    rng.shuffle(roots)
    name = [o.name for o in corpus.outlets]
    by_size: dict[int, int] = {}
    for o in corpus.outlet_of:
        by_size[o] = by_size.get(o, 0) + 1
    ranked = sorted((o for o in by_size if o >= corpus.n_sources), key=lambda o: (-by_size[o], o))
    # Mid-sized amplifiers: skip the head of the power law, like a typical query.
    middle = ranked[len(ranked) // 20 : len(ranked) // 4] or ranked
    return {
        "path_article": [
            (
                "/paths",
                {"origin": corpus.keys[corpus.root[i]], "destination": corpus.keys[i]},
            )
            for i in picked
        ],
        "path_outlet": [
            (
                "/paths",
                {
                    "origin": name[corpus.outlet_of[corpus.root[i]]],
                    "destination": name[corpus.outlet_of[i]],
                },
            )
            for i in picked
        ],
        "amplification_article": [
            ("/amplification", {"source": corpus.keys[r]}) for r in roots[:n]
        ],
        "amplification_outlet": [
            ("/amplification", {"source": name[rng.choice(middle)]}) for _ in range(n)
        ],
    }


def _direct(store: Store, query: Query) -> Callable[[], Any]:
    route, params = query
    if route == "/paths":
        return lambda: find_paths(store, params["origin"], params["destination"])
    return lambda: amplification(store, params["source"], options=AMPLIFICATION)


def _http(client: TestClient, query: Query) -> Callable[[], Any]:
    route, params = query
    extra = {"limit": str(AMPLIFICATION.limit)} if route == "/amplification" else {}

    def call() -> Any:
        response = client.get(route, params=params | extra)
        if response.status_code != 200:
            raise RuntimeError(f"{route} {params}: {response.status_code} {response.text[:300]}")
        return response.json()

    return call


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _run_workloads(
    store: Store, app_settings: Settings, workloads: dict[str, list[Query]], repeats: int
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    out: dict[str, Any] = {}
    digests: dict[str, list[str]] = {}
    with TestClient(create_app(app_settings)) as client:
        for name, queries in workloads.items():
            direct_ms: list[float] = []
            http_ms: list[float] = []
            digests[name] = []
            answers = []
            for query in queries:
                direct, http = _direct(store, query), _http(client, query)
                result = direct()  # warm-up, and the answer compared across backends
                http()
                digests[name].append(_digest(result))
                answers.append(result)
                for r in range(repeats):
                    # Alternate which goes first, so neither always meets a warm cache.
                    if r % 2:
                        http_ms.append(_time(http))
                        direct_ms.append(_time(direct))
                    else:
                        direct_ms.append(_time(direct))
                        http_ms.append(_time(http))
            out[name] = {
                "queries": len(queries),
                "samples": len(direct_ms),
                "direct_ms": {"p50": _pct(direct_ms, 0.5), "p95": _pct(direct_ms, 0.95)},
                "http_ms": {"p50": _pct(http_ms, 0.5), "p95": _pct(http_ms, 0.95)},
                "overhead_p50": round(_pct(http_ms, 0.5) / max(_pct(direct_ms, 0.5), 1e-9), 3),
                "overhead_ms_p50": round(_pct(http_ms, 0.5) - _pct(direct_ms, 0.5), 3),
                "overhead_p95": round(_pct(http_ms, 0.95) / max(_pct(direct_ms, 0.95), 1e-9), 3),
                "answers": _summary(name, answers),
                "answer_digests": digests[name],
            }
            print(
                f"  {name}: direct p50 {out[name]['direct_ms']['p50']} ms "
                f"p95 {out[name]['direct_ms']['p95']} ms; http p50 {out[name]['http_ms']['p50']}"
                f" ms; overhead {out[name]['overhead_p50']}",
                file=sys.stderr,
            )
    return out, digests


def _summary(name: str, answers: list[dict[str, Any]]) -> dict[str, Any]:
    """What the queries found, so a fast answer cannot hide an empty one."""
    if name.startswith("path"):
        found = [a for a in answers if a["paths"]]
        lengths = [a["paths"][0]["length"] for a in found]
        return {
            "with_a_path": len(found),
            "median_hops": statistics.median(lengths) if lengths else None,
        }
    sizes = [a["size"] for a in answers]
    return {
        "median_size": statistics.median(sizes),
        "max_size": max(sizes),
        "median_depth": statistics.median(a["depth"] for a in answers),
    }


def _open(backend: str, tmp: Path, size: int, *, clear: bool = True) -> tuple[Store, Settings]:
    if backend == "embedded":
        db = tmp / f"queries-{size}.db"
        return EmbeddedStore(db), Settings(store=str(db), query_timeout=120)
    from bench.neo4j_ingest import credentials
    from graph.store.neo4j import Neo4jStore

    uri, user, password, _how = credentials()
    store = Neo4jStore(uri, user=user, password=password, timeout=120)
    if clear:
        store.clear()
    settings = Settings(store=uri, neo4j_user=user, neo4j_password=password, query_timeout=120)
    return store, settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--backends", nargs="+", default=["embedded", "neo4j"])
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    previous = json.loads(args.output.read_text()) if args.output.exists() else {}
    results: dict[str, Any] = previous.get("sizes", {})
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="citegraph-bench-") as tmpdir:
        tmp = Path(tmpdir)
        for size in args.sizes:
            # Runs may cover one backend at a time; a size's entry keeps the others.
            entry = results.get(str(size), {"articles": size, "backends": {}})
            for backend in args.backends:
                print(f"{size} articles, {backend}", file=sys.stderr)
                corpus = FlowCorpus(size, seed=args.seed)
                store, settings = _open(backend, tmp, size)
                try:
                    load_s = _load(store, corpus, args.batch_docs)
                    # Query a freshly opened store, as the API does, not the writer.
                    store.close()
                    store, settings = _open(backend, tmp, size, clear=False)
                    counts = store.counts()
                    workloads = _workloads(corpus, args.queries, args.seed)
                    timings, _digests = _run_workloads(store, settings, workloads, args.repeats)
                finally:
                    store.close()
                entry["backends"][backend] = {
                    "measured": datetime.now(UTC).isoformat(timespec="seconds"),
                    "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
                    "queries_per_workload": args.queries,
                    "repeats": args.repeats,
                    "load_seconds": round(load_s, 1),
                    "nodes": counts.total_nodes,
                    "edges": counts.total_edges,
                    "workloads": timings,
                }
                entry["backends_agree"] = _agree(entry["backends"])
                results[str(size)] = entry
                _write(args, results, load_before)
    print(f"wrote {args.output}", file=sys.stderr)


def _agree(backends: dict[str, Any]) -> bool | None:
    """Whether every backend measured gave the same answers (None with only one)."""
    if len(backends) < 2:
        return None
    answers = [
        {name: w.get("answer_digests") for name, w in b["workloads"].items()}
        for b in backends.values()
    ]
    return all(a == answers[0] for a in answers[1:])


def _write(args: argparse.Namespace, results: dict[str, Any], load_before: Any) -> None:
    report = {
        "benchmark": "queries",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_1_5_15_before": [round(x, 2) for x in load_before],
            "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
            "note": "measured on a 2-CPU machine shared with five other parallel jobs; "
            "absolute figures are noisy, ratios measured in the same run less so",
        },
        "method": {
            "corpus": "bench/synthetic.py FlowCorpus (power-law outlets, chains, "
            "translations, dates), seed " + str(args.seed),
            "queries_per_workload": args.queries,
            "repeats": args.repeats,
            "http": "in-process ASGI (fastapi.testclient), same store file/server",
            "overhead": "http / direct latency, p50 and p95; overhead_ms_p50 is the "
            "absolute difference (a fixed cost per request, so the ratio is large for "
            "sub-millisecond queries)",
            "amplification_limit": AMPLIFICATION.limit,
        },
        "targets": {
            "embedded_path_p95_ms_at_1M": TARGETS_MS["embedded_path_p95_at_1m"],
            "neo4j_path_p95_ms": TARGETS_MS["neo4j_path_p95"],
            "api_overhead": TARGET_OVERHEAD,
        },
        "sizes": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
