"""Benchmark (not a test): the writer's ceiling, apart from extraction.

Ingest has one writer: it plans text reuse, checks article identity and writes each
batch, while workers parse and extract. However many workers there are, ingest cannot
go faster than the writer. To measure the writer alone, each page of a generated
corpus (bench/corpus.py) is extracted once, ahead of time, and cached on disk
(``.cache/bench-writer/<size>.sqlite``); then ``ingest()`` runs with an executor that
hands back those cached results instantly, in input order, so the writer is never kept
waiting. Reuse verification (worker work in a real ingest) runs in a 2-process pool
beside it, as with ``--workers 2``.

Reported per store: documents per second of wall time (the ceiling) and of the writer's
own CPU. Results go to bench/results/writer.json.

    python -m bench.writer [--size 10000] [--store embedded --store neo4j]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import sqlite3
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import ensure
from bench.ingest import ROOT, empty, neo4j_env
from graph.store import open_store
from loaders.ingest import ingest
from loaders.ingest.pool import Extracted, _extract_in_worker, make_pool
from loaders.inputs import Source, iter_sources
from loaders.registry import Registry, load_registry

RESULTS = ROOT / "bench" / "results" / "writer.json"


def _extract(source: Source) -> tuple[str, bytes]:
    # In a make_pool worker, which holds the registry (and the default CPU budget).
    return source.uri, pickle.dumps(_extract_in_worker(source, None))


def precompute(corpus: Path, cache: Path, registry: Registry) -> int:
    """Extract every page once (2 processes) into ``cache``; return the page count."""
    db = sqlite3.connect(cache)
    db.execute("CREATE TABLE IF NOT EXISTS done (uri TEXT PRIMARY KEY, result BLOB)")
    have = {row[0] for row in db.execute("SELECT uri FROM done")}
    todo = [s for s in iter_sources([str(corpus)]) if s.uri not in have]
    if todo:
        with make_pool(2, registry) as pool:
            for uri, blob in pool.map(_extract, todo, chunksize=32):
                db.execute("INSERT OR REPLACE INTO done VALUES (?, ?)", (uri, blob))
        db.commit()
    count = int(db.execute("SELECT count(*) FROM done").fetchone()[0])
    db.close()
    return count


class Replay(Executor):
    """Hands back each document's cached extraction at once; other work (reuse
    verification) goes to a real process pool."""

    def __init__(self, cache: Path, others: Executor) -> None:
        self.db = sqlite3.connect(cache)
        self.others = others

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        if fn is _extract_in_worker:
            source = args[0]
            row = self.db.execute("SELECT result FROM done WHERE uri = ?", (source.uri,))
            found = row.fetchone()
            future: Future[Extracted] = Future()
            if found is None:
                future.set_exception(KeyError(f"not precomputed: {source.uri}"))
            else:
                future.set_result(pickle.loads(found[0]))
            return future
        return self.others.submit(fn, *args, **kwargs)


def leg(
    corpus: Path, cache: Path, uri: str, env: dict[str, str], registry: Registry
) -> dict[str, Any]:
    empty(uri, env)
    store = open_store(uri, user=env.get("NEO4J_USER"), password=env.get("NEO4J_PASSWORD"))
    load0 = os.getloadavg()[0]
    try:
        with ProcessPoolExecutor(2) as verifiers:
            replay = Replay(cache, verifiers)
            cpu0, wall0 = time.process_time(), time.perf_counter()
            report = ingest([str(corpus)], store, registry, executor=replay, workers=2)
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    finally:
        store.close()
    return {
        "documents": report.ok,
        "errors": report.errors,
        "seconds": round(wall, 1),
        "writer_cpu_s": round(cpu, 1),
        "documents_per_s": round(report.ok / wall, 1),
        "documents_per_writer_cpu_s": round(report.ok / cpu, 1),
        "load_avg": [round(load0, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", action="append", choices=["embedded", "neo4j"])
    parser.add_argument("--note", help="recorded with the result (what else was running)")
    args = parser.parse_args()
    corpus = ROOT / ".cache" / "corpus" / str(args.size)
    info = ensure(args.size, corpus, seed=args.seed)
    folder = ROOT / ".cache" / "bench-writer"
    folder.mkdir(parents=True, exist_ok=True)
    cache = folder / f"{args.size}.sqlite"
    registry = load_registry()
    started = time.perf_counter()
    pages = precompute(corpus, cache, registry)
    print(f"[{args.size}] {pages} extractions cached ({time.perf_counter() - started:.0f} s)")
    results: dict[str, Any] = (
        json.loads(RESULTS.read_text()) if RESULTS.is_file() else {"sizes": {}}
    )
    legs: dict[str, Any] = {}
    for name in args.store or ["embedded"]:
        env = dict(os.environ)
        if name == "neo4j":
            neo = neo4j_env()
            if neo is None:
                legs[name] = {"skipped": "no Neo4j server"}
                continue
            env |= {k: v for k, v in neo.items() if k != "how"}
            uri = neo["NEO4J_URI"]
        else:
            uri = str(folder / f"{args.size}.db")
        legs[name] = leg(corpus, cache, uri, env, registry)
        print(f"[{args.size}] {name}: {json.dumps(legs[name])}")
    results["sizes"][str(args.size)] = {
        "corpus": info.to_json(),
        "legs": legs,
        "note": args.note,
    }
    results |= {
        "benchmark": "bench/writer.py",
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "goal": "documents per second: >= 1,000 embedded, >= 500 Neo4j, at 100k",
    }
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
