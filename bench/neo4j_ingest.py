"""Benchmark (not a test): Neo4jStore.upsert against bare UNWIND ... MERGE writes.

Both paths write the same synthetic corpus (bench/synthetic.py) in the same batches
(``--batch-docs`` documents' worth, like ``loaders.ingest``) into an emptied database,
alternating ``--repeats`` times each after an untimed warm-up:

* ours:     ``Neo4jStore.upsert(nodes, edges)`` per batch: one explicit transaction that
            reads and locks the batch's existing nodes and edges, merges them in Python
            (graph.models.merge_nodes / merge_edges) and writes them back.
* baseline: per batch, one explicit transaction of bare
            ``UNWIND $rows AS row MERGE (n:Label {key: row.key}) SET n += row.props`` and
            ``UNWIND $rows AS row MATCH (a) MATCH (b) MERGE (a)-[r:TYPE {id: row.id}]->(b)
            SET r += row.props`` statements over the same rows with the same properties
            (last write wins: no evidence merging, no stub upgrades). Building its rows
            from the models is inside its timing, as serialising is inside ours.

Throughput is input rows (nodes + edges, duplicates included) per second. Results go
to bench/results/neo4j_ingest.json.

WARNING: this wipes the database it connects to. It connects with NEO4J_URI /
NEO4J_USER / NEO4J_PASSWORD, else the local server's env file (.cache/neo4j/neo4j.env,
or $NEO4J_LOCAL_HOME/neo4j.env), starting it with ``scripts/neo4j-local start`` if needed.

    .venv/bin/python -m bench.neo4j_ingest [--articles 5000] [--batch-docs 50]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from bench.synthetic import Batch, batches, generate
from graph.store.base import lookup_names
from graph.store.neo4j import Neo4jStore

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "neo4j_ingest.json"
_SEP = "\x1f"


# -- connection -----------------------------------------------------------------
def _env_file() -> Path:
    home = os.environ.get("NEO4J_LOCAL_HOME")
    return Path(home) / "neo4j.env" if home else ROOT / ".cache" / "neo4j" / "neo4j.env"


def _read_env(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def credentials() -> tuple[str, str, str, str]:
    """Return (uri, user, password, how) for the server to benchmark."""
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        return (
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ["NEO4J_PASSWORD"],
            "environment",
        )
    script = ROOT / "scripts" / "neo4j-local"
    status = subprocess.run([str(script), "status"], capture_output=True, text=True)
    how = "scripts/neo4j-local (running)"
    if status.returncode != 0 or not _env_file().exists():
        print("starting Neo4j with scripts/neo4j-local start ...", file=sys.stderr)
        subprocess.run([str(script), "start"], check=True, stdout=subprocess.DEVNULL, timeout=900)
        how = "scripts/neo4j-local start"
    env = _read_env(_env_file())
    return env["NEO4J_URI"], env.get("NEO4J_USER", "neo4j"), env["NEO4J_PASSWORD"], how


# -- the two write paths ----------------------------------------------------------
def ours(store: Neo4jStore, work: list[Batch]) -> float:
    start = time.perf_counter()
    for batch in work:
        store.upsert(batch.nodes, batch.edges)
    return time.perf_counter() - start


def _baseline_statements(batch: Batch) -> list[tuple[str, list[dict[str, Any]]]]:
    """Return the bare statements and rows for one batch (same properties as ours)."""
    label_of = {n.key: n.kind.value for n in batch.nodes}
    node_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in batch.nodes:
        names = sorted(lookup_names(n))
        parts = [f"n:{x}" for x in names] + [f"d:{d}" for d in n.domains]
        node_rows[n.kind.value].append(
            {
                "key": n.key,
                "props": {
                    "key": n.key,
                    "kind": n.kind.value,
                    "name": n.name,
                    "data": n.model_dump_json(),
                    "names": names,
                    "domains": n.domains,
                    "lookup": f"{_SEP}{_SEP.join(parts)}{_SEP}" if parts else "",
                },
            }
        )
    edge_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in batch.edges:
        group = (e.type.value, label_of[e.source], label_of[e.target])
        edge_rows[group].append(
            {
                "source": e.source,
                "target": e.target,
                "id": e.id,
                "props": {"id": e.id, "data": e.model_dump_json()},
            }
        )
    statements = [
        (f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n += row.props", rows)
        for label, rows in node_rows.items()
    ]
    statements += [
        (
            f"UNWIND $rows AS row MATCH (a:{src} {{key: row.source}}) "
            f"MATCH (b:{dst} {{key: row.target}}) "
            f"MERGE (a)-[r:{rel} {{id: row.id}}]->(b) SET r += row.props",
            rows,
        )
        for (rel, src, dst), rows in edge_rows.items()
    ]
    return statements


def baseline(driver: neo4j.Driver, work: list[Batch]) -> float:
    start = time.perf_counter()
    for batch in work:
        statements = _baseline_statements(batch)

        def tx_work(
            tx: neo4j.ManagedTransaction,
            statements: list[tuple[str, list[dict[str, Any]]]] = statements,
        ) -> None:
            for query, rows in statements:
                tx.run(query, rows=rows).consume()

        with driver.session() as session:
            session.execute_write(tx_work)
    return time.perf_counter() - start


def _graph_size(driver: neo4j.Driver) -> dict[str, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS edges } RETURN nodes, edges"
    )
    return {"nodes": records[0]["nodes"], "edges": records[0]["edges"]}


# -- main ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument(
        "--batch-docs",
        type=int,
        default=50,
        help="documents per upsert (loaders.ingest's batch_size)",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--warmup-batches", type=int, default=30)
    parser.add_argument(
        "--sweep",
        type=lambda text: [int(x) for x in text.split(",") if x],
        default=[],
        help="also run one pair at each of these documents-per-batch sizes (e.g. 10,200)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    uri, user, password, how = credentials()
    print(f"Neo4j {uri} ({how}); this benchmark WIPES that database", file=sys.stderr)
    corpus = generate(args.articles, args.seed)
    work = batches(corpus, args.batch_docs)
    rows = corpus.node_rows + corpus.edge_rows

    store = Neo4jStore(uri, user=user, password=password)
    driver = neo4j.GraphDatabase.driver(
        uri, auth=(user, password), notifications_min_severity="OFF"
    )
    runners: dict[str, Callable[[list[Batch]], float]] = {
        "ours": lambda w: ours(store, w),
        "baseline": lambda w: baseline(driver, w),
    }

    def measure(work: list[Batch], repeats: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
        timings: dict[str, list[float]] = {"ours": [], "baseline": []}
        sizes: dict[str, Any] = {}
        for repeat in range(repeats):
            for name, run in runners.items():
                store.clear()
                seconds = run(work)
                timings[name].append(seconds)
                sizes[name] = _graph_size(driver)
                print(
                    f"{len(work):4d} batches  run {repeat + 1} {name:8s} {seconds:7.2f} s  "
                    f"{rows / seconds:8.0f} rows/s  {sizes[name]}",
                    file=sys.stderr,
                )
        return timings, sizes

    sweep: dict[str, Any] = {}
    load_before = os.getloadavg()
    try:
        version = store.server_version()
        for run in runners.values():  # warm the JVM and the query caches
            store.clear()
            run(work[: args.warmup_batches])
        timings, sizes = measure(work, args.repeats)
        for docs in args.sweep:
            t, _ = measure(batches(corpus, docs), 1)
            sweep[str(docs)] = {
                "rows_per_second": {k: round(rows / v[0], 1) for k, v in t.items()},
                "ratio_ours_over_baseline": round(t["baseline"][0] / t["ours"][0], 3),
            }
        store.clear()
    finally:
        driver.close()
        store.close()

    medians = {name: statistics.median(t) for name, t in timings.items()}
    throughput = {name: rows / m for name, m in medians.items()}
    result = {
        "benchmark": "neo4j_ingest",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": {
            "neo4j": version,
            "neo4j_uri": uri,
            "connected_via": how,
            "driver": f"neo4j-python {neo4j.__version__}",
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_1_5_15_before": [round(x, 2) for x in load_before],
            "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
        },
        "corpus": {
            "generator": "bench/synthetic.py",
            "seed": args.seed,
            "articles": args.articles,
            "documents": len(corpus.documents),
            "node_rows": corpus.node_rows,
            "edge_rows": corpus.edge_rows,
            "rows": rows,
            "unique_nodes": len({n.key for d in corpus.documents for n in d.nodes}),
            "unique_edges": len({e.id for d in corpus.documents for e in d.edges}),
        },
        "batch": {
            "documents_per_batch": args.batch_docs,
            "batches": len(work),
            "mean_rows_per_batch": round(rows / len(work), 1),
        },
        "method": {
            "repeats": args.repeats,
            "order": "alternating ours, baseline; database emptied before every run",
            "warmup_batches_per_path": args.warmup_batches,
            "throughput": "input rows (nodes + edges, duplicates included) / wall seconds",
        },
        "stored": sizes,
        "runs_seconds": {name: [round(t, 3) for t in ts] for name, ts in timings.items()},
        "median_seconds": {name: round(m, 3) for name, m in medians.items()},
        "median_rows_per_second": {name: round(v, 1) for name, v in throughput.items()},
        "ratio_ours_over_baseline": round(throughput["ours"] / throughput["baseline"], 3),
        "target_ratio": 0.7,
        "batch_size_sweep_one_run_each": sweep,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        json.dumps({k: result[k] for k in ("median_rows_per_second", "ratio_ours_over_baseline")})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
