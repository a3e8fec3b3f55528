"""Benchmark (not a test): ingest on a Dask cluster against the local pool, same run.

On bench/corpus.py's generated pages, into an emptied embedded store each time:

* local: ``citegraph ingest --workers 2`` (a process pool on this machine);
* dask: ``citegraph ingest --executor dask://…`` on a LocalCluster of 2 worker
  processes (1 thread each) started here, so the workers are on the same 2 cores.

Wall time, pages per second, and CPU-seconds of the ingest's process tree plus the
cluster's workers (the scheduler and nannies included: that is what a cluster costs).
The graphs of the two runs are compared (node and edge counts, article edges).
Results go to bench/results/cluster.json.

    python -m bench.cluster [--size 1500]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from datetime import UTC, datetime
from typing import Any

import psutil
from distributed import LocalCluster

from bench.corpus import ensure
from bench.ingest import ROOT, empty, quality, run_leg

RESULTS = ROOT / "bench" / "results" / "cluster.json"


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for p in processes:
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--note", help="recorded with the result (what else was running)")
    args = parser.parse_args()
    corpus = ROOT / ".cache" / "corpus" / str(args.size)
    info = ensure(args.size, corpus, seed=args.seed)
    env = dict(os.environ)
    folder = ROOT / ".cache" / "bench-cluster"
    folder.mkdir(parents=True, exist_ok=True)
    legs: dict[str, Any] = {}

    uri = str(folder / f"{args.size}-local.db")
    empty(uri, env)
    legs["local_workers_2"] = run_leg(corpus, uri, 2, env)
    legs["local_workers_2"]["quality"] = quality(uri, env, corpus)

    uri = str(folder / f"{args.size}-dask.db")
    empty(uri, env)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        here = psutil.Process()
        # The nannies and workers are children of this process, and the scheduler runs
        # in it (its CPU is measured with this process's, which otherwise only waits).
        before = _cpu([here, *here.children(recursive=True)])
        address = "dask://" + cluster.scheduler_address.removeprefix("tcp://")
        leg = run_leg(corpus, uri, 2, env, extra=("--executor", address))
        # The ingest process has exited by now: what is left is the cluster.
        cluster_cpu = _cpu([here, *here.children(recursive=True)]) - before
    leg["cluster_cpu_s"] = round(cluster_cpu, 1)
    leg["cpu_s_with_cluster"] = round(leg["cpu_s"] + cluster_cpu, 1)
    leg["pages_per_cpu_s_with_cluster"] = round(leg["ok"] / leg["cpu_s_with_cluster"], 2)
    leg["quality"] = quality(uri, env, corpus)
    legs["dask_local_cluster_2"] = leg

    local = legs["local_workers_2"]
    result = {
        "benchmark": "bench/cluster.py",
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "corpus": info.to_json(),
        "legs": legs,
        "dask_vs_local": {
            "wall": round(local["seconds"] / leg["seconds"], 3),
            "pages_per_cpu_s": round(
                leg["pages_per_cpu_s_with_cluster"] / local["pages_per_cpu_s"], 3
            ),
        },
        "same_graph_counts": leg["quality"] == local["quality"],
        "note": args.note,
    }
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result["dask_vs_local"]), "same graph counts:", result["same_graph_counts"])


if __name__ == "__main__":
    main()
