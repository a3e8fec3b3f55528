"""Benchmark (not a test): how long a query command takes from the shell.

Builds an embedded store from the seed articles, then runs the installed ``citegraph``
script ``--runs`` times for ``path RT Mondialisation.ca --json``, alternating with two
baselines measured in the same run: the bare interpreter (``python -c pass``) and
building the command line alone (``import api.cli``, ``get_command``). Reported: the
median and p90 wall time and the median CPU time (user + system, of the child) of each,
and the machine's load average, since wall time on a shared machine waits for a core.
Results go to bench/results/startup.json.

A second part loads a :class:`bench.synthetic.FlowCorpus` of ``--articles`` into an
embedded store and answers ``--queries`` article-to-article path questions, each in a
fresh process as the CLI does, two ways alternating: with the networkx view of the
whole store built first (what every CLI query did) and with each hop read through the
indexes (``EmbeddedStore(keep_view=False)``, what the CLI does now). Both must give the
same answers.

    .venv/bin/python -m bench.startup [--runs 20] [--seeds ../shared/seeds]
                                      [--articles 20000] [--queries 10]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.queries import _load, _workloads
from bench.synthetic import FlowCorpus
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import load_registry

RESULTS = Path(__file__).parent / "results" / "startup.json"
ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "citegraph")


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    walls = sorted(w for w, _ in samples)
    return {
        "median_wall_s": round(statistics.median(walls), 3),
        "p90_wall_s": round(walls[int(0.9 * (len(walls) - 1))], 3),
        "median_cpu_s": round(statistics.median(c for _, c in samples), 3),
    }


# One path question in a fresh process; prints the answer's digest.
_ONE_QUESTION = """
import hashlib, json, sys
from graph.queries import find_paths
from graph.results import dump
from graph.store.embedded import EmbeddedStore
with EmbeddedStore(sys.argv[1], keep_view=sys.argv[2] == "view") as store:
    answer = dump(find_paths(store, sys.argv[3], sys.argv[4]))
print(hashlib.sha256(json.dumps(answer, sort_keys=True).encode()).hexdigest())
"""


def _large_store(tmp: Path, articles: int, queries: int) -> dict[str, object]:
    corpus = FlowCorpus(articles, seed=7)
    db = tmp / "large.db"
    with EmbeddedStore(db) as store:
        _load(store, corpus, 500)
    asks = _workloads(corpus, queries, seed=7)["path_article"]
    samples: dict[str, list[tuple[float, float]]] = {"view": [], "indexes": []}
    agree = True
    for _route, params in asks:
        digests = set()
        for way in samples:
            argv = [sys.executable, "-c", _ONE_QUESTION, str(db), way]
            argv += [params["origin"], params["destination"]]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=ROOT)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            samples[way].append((wall, cpu))
            digests.add(done.stdout.strip())
        agree = agree and len(digests) == 1
    view, indexes = _summary(samples["view"]), _summary(samples["indexes"])
    return {
        "articles": articles,
        "queries": len(asks),
        "view_built_first": view,
        "hops_through_indexes": indexes,
        "median_wall_ratio_indexes_over_view": round(
            indexes["median_wall_s"] / view["median_wall_s"], 3
        ),
        "same_answers": agree,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.db"
        with EmbeddedStore(db) as store:
            ingest([str(args.seeds)], store, load_registry([]))
        legs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "build the command line": [
                sys.executable,
                "-c",
                "import typer.main\nfrom api.cli import app\ntyper.main.get_command(app)",
            ],
            "citegraph path --json": [
                CLI,
                "path",
                "RT",
                "Mondialisation.ca",
                "--store",
                str(db),
                "--json",
            ],
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in legs}
        load_before = os.getloadavg()
        for _ in range(args.runs):
            for name, argv in legs.items():
                samples[name].append(_timed(argv))
        large = _large_store(Path(tmp), args.articles, args.queries)
        load_after = os.getloadavg()
    report = {
        "runs": args.runs,
        "load_average_1m_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "cpus": os.cpu_count(),
        "legs": {name: _summary(s) for name, s in samples.items()},
        "one_path_question_on_a_larger_store": large,
    }
    path_leg = report["legs"]["citegraph path --json"]
    assert isinstance(path_leg, dict)
    report["path_median_wall_under_0.5s"] = path_leg["median_wall_s"] < 0.5
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
