"""Benchmark (not a test): full ingest throughput against bare trafilatura, at scale.

For each ``--size``, a seeded corpus (bench/corpus.py) is generated once under
.cache/corpus/<size>. Then, on the same pages, in the same run:

* baseline: ``trafilatura.bare_extraction`` alone, in this process, over every page
  (with the options the pipeline asks of trafilatura, and with its defaults);
* pipeline: ``citegraph ingest <corpus> --workers N --json`` as a subprocess, into an
  emptied store, for each store (embedded SQLite file; Neo4j) and worker count.

Throughput is pages per wall-clock second and pages per CPU-second (all processes of
the ingest: CLI, forkserver, workers; the Neo4j server's own CPU is reported
separately). "Per core" ratios use CPU-seconds, which the other jobs sharing this
machine disturb far less than wall time. Peak RSS is the sum over the ingest's
process tree, sampled every 0.2 s. Precision and recall compare the stored
article->article edges (republishes, translates, cites) with the corpus's truth.

Results are merged by size into bench/results/ingest.json, with a plot
(bench/results/ingest.png) of throughput and memory against corpus size.

    python bench/ingest.py --size 10000 [--size 100000] [--workers 1 2]
        [--store embedded --store neo4j] [--crash]
    python bench/ingest.py --real [--workers 1 2]

Real-page leg (``--real``): the same comparison on the 682 real news texts of
../shared/data/ntrex-dev set inside realistic news-page templates (bench/ntrex_pages.py
says what is real and what is built), on the embedded store; results under
``real_pages`` in bench/results/ingest.json.

Neo4j: NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD, else the work tree's local server
(scripts/neo4j-local, started if needed). WARNING: the Neo4j leg empties that database.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python bench/ingest.py` from a checkout
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import trafilatura  # noqa: E402

from bench.corpus import ensure  # noqa: E402
from bench.ntrex_pages import build  # noqa: E402
from graph.schema import EdgeKind, EvidenceMethod  # noqa: E402
from graph.store import open_store  # noqa: E402
from loaders.reuse.vectors import vector_dir  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "ingest.json"
PLOT = ROOT / "bench" / "results" / "ingest.png"
REAL_PAGES = ROOT / ".cache" / "ntrex-pages"
REAL_WHAT = (
    "Real-page leg: the 682 NTREX-128 news texts of ntrex-dev (real text, 11 languages; "
    "CC BY-SA 4.0, github.com/MicrosoftTranslator/NTREX) inside three realistic "
    "news-page templates built by bench/ntrex_pages.py (broadsheet/React, WordPress, "
    "wire/Next.js: meta, OpenGraph, JSON-LD, inline CSS and scripts, menus, related "
    "lists, comments, footers); the pages are built, the text is not. Same run, same "
    "pages: bare trafilatura in one process, then citegraph ingest on the embedded store."
)
ARTICLE_EDGES = (EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES, EdgeKind.CITES)
SHARED_NOTE = (
    "2-core machine. Each leg records the load average it ran under, and a note when it "
    "shared the machine on purpose: wall-clock figures (and the 2-worker speed-up above "
    "all) then fall, while CPU-second figures are the fairer per-core comparison."
)


# -- inputs -------------------------------------------------------------------------
def pages(corpus: Path, every: int = 1) -> Iterator[tuple[str, str | None]]:
    """(html, url) of every ``every``-th page, from the manifest."""
    with (corpus / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i % every == 0:
                raw = (corpus / row["path"]).read_bytes()
                yield raw.decode("utf-8", errors="replace"), row["url"] or None


def baseline(corpus: Path, size: int, *, same_options: bool, sample: int) -> dict[str, Any]:
    """Bare trafilatura over an evenly spaced sample of the corpus's pages.

    A per-CPU-second rate needs no more than a few thousand pages to be stable, and
    on a shared machine every minute spent here is a minute the legs are not running.
    """
    every = max(1, size // sample)
    options: dict[str, Any] = (
        {"with_metadata": True, "include_links": True, "include_tables": True}
        if same_options
        else {}
    )
    n = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for html, url in pages(corpus, every):
        # A malformed page may trip it; the pipeline reports those as errors too.
        with contextlib.suppress(Exception):
            trafilatura.bare_extraction(html, url=url, include_comments=False, **options)
        n += 1
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {
        "options": "pipeline's (metadata, links, tables)" if same_options else "defaults",
        "pages": n,
        "every_nth_page": every,
        "pages_per_s": round(n / wall, 2),
        "pages_per_cpu_s": round(n / cpu, 2),
        "cpu_s": round(cpu, 1),
    }


# -- the stores -----------------------------------------------------------------------
def neo4j_env() -> dict[str, str] | None:
    """Credentials for the Neo4j leg, starting the local server if needed."""
    try:
        from bench.neo4j_ingest import credentials

        uri, user, password, how = credentials()
    except Exception as exc:
        print(f"Neo4j leg skipped: no server ({exc})", file=sys.stderr)
        return None
    return {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password, "how": how}


def _neo4j_home() -> Path:
    return Path(os.environ.get("NEO4J_LOCAL_HOME") or ROOT / ".cache" / "neo4j")


def _neo4j_server() -> psutil.Process | None:
    try:
        pid = int((_neo4j_home() / "run" / "neo4j.pid").read_text().strip())
        return psutil.Process(pid)
    except (OSError, ValueError, psutil.Error):
        return None


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def store_bytes(uri: str) -> int | None:
    if uri.startswith(("bolt://", "neo4j://")):
        data = _neo4j_home() / "data"
        return _du(data) if data.is_dir() else None
    return sum(_du(Path(f"{uri}{s}")) for s in ("", "-wal", "-shm") if Path(f"{uri}{s}").exists())


def reuse_index(uri: str, env: dict[str, str]) -> Path:
    """Where the ingest under test keeps its text-reuse index."""
    from loaders.reuse import default_index_path

    if not uri.startswith(("bolt://", "neo4j://")):
        return Path(f"{uri}.reuse")  # beside the file, as default_index_path says
    if env.get("CITEGRAPH_REUSE_INDEX"):
        return Path(env["CITEGRAPH_REUSE_INDEX"])
    store = open_store(uri, user=env.get("NEO4J_USER"), password=env.get("NEO4J_PASSWORD"))
    try:
        return default_index_path(store)
    finally:
        store.close()


def empty(uri: str, env: dict[str, str]) -> None:
    """Empty the store and delete its reuse index: every leg starts from nothing."""
    if uri.startswith(("bolt://", "neo4j://")):
        from graph.store.neo4j import Neo4jStore

        st = Neo4jStore(uri, user=env["NEO4J_USER"], password=env["NEO4J_PASSWORD"])
        try:
            st.clear()
        finally:
            st.close()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{uri}{suffix}").unlink(missing_ok=True)
    index = reuse_index(uri, env)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    # The nearest-neighbour files beside it: a fresh index ignores them, but they piled up.
    shutil.rmtree(vector_dir(Path(index)), ignore_errors=True)


def quality(uri: str, env: dict[str, str], corpus: Path) -> dict[str, Any]:
    """Precision and recall of stored article->article edges against the truth.

    The truth holds each article's recorded parent. Text reuse also links two copies of
    one story to each other (both render the same text); those edges are counted apart,
    as ``reuse_same_story``, so a detector error can be told from a sibling link.
    """
    truth = {
        (e["source"], e["type"], e["target"])
        for e in map(json.loads, (corpus / "truth.jsonl").read_text().splitlines())
    }
    origins: dict[str, str] = {}
    if (corpus / "origins.csv").is_file():
        with (corpus / "origins.csv").open(newline="", encoding="utf-8") as fh:
            origins = {row["article"]: row["origin"] for row in csv.DictReader(fh)}
    store = open_store(uri, user=env.get("NEO4J_USER"), password=env.get("NEO4J_PASSWORD"))
    found: set[tuple[str, str, str]] = set()
    reuse_only: set[tuple[str, str, str]] = set()
    try:
        for e in store.iter_edges(ARTICLE_EDGES):
            if not e.target.startswith("article:"):
                continue
            triple = (e.source, e.type.value, e.target)
            found.add(triple)
            if all(ev.method == EvidenceMethod.TEXT_REUSE for ev in e.evidence):
                reuse_only.add(triple)
        counts = store.counts()
    finally:
        store.close()
    hits = len(found & truth)
    false_reuse = reuse_only - truth
    same_story = {
        t for t in false_reuse if origins.get(t[0]) and origins.get(t[0]) == origins.get(t[2])
    }
    return {
        "true_edges": len(truth),
        "stored_article_edges": len(found),
        "precision": round(hits / len(found), 4) if found else None,
        "recall": round(hits / len(truth), 4) if truth else None,
        "reuse_only_edges": len(reuse_only),
        "reuse_only_not_in_truth": len(false_reuse),
        "reuse_same_story": len(same_story),
        "precision_counting_same_story": (
            round((hits + len(same_story)) / len(found), 4) if found else None
        ),
        "nodes": counts.total_nodes,
        "edges": counts.total_edges,
    }


# -- one leg --------------------------------------------------------------------------
# Seconds between two readings of a leg's progress (texts in its reuse index).
PROGRESS_EVERY = 30.0


def indexed_count(index: Path) -> int | None:
    """How many texts the ingest under test has put in its reuse index so far.

    The index is a SQLite file on either store, written once per batch, so it tells a
    leg's progress the same way on both; read-only readers never block its writer.
    """
    if not index.is_file():
        return None
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=1.0)
        ) as db:
            row = db.execute("SELECT max(id) FROM docs").fetchone()
    except sqlite3.Error:
        return None
    return int(row[0]) if row and row[0] else None


def rates_by_tenth(progress: list[tuple[float, int]], total: int) -> list[float | None]:
    """Texts indexed per second through each tenth of the corpus, from the readings.

    Each tenth's rate runs from the last reading at or before its start (the leg's
    start counts as one) to the first at or after its end, so readings sparser than
    the tenths still give a rate. How the rate changes from the first tenth to the
    last is how a page's cost grows with what is already stored: the same run, the
    same machine.
    """
    readings = [(0.0, 0), *progress]
    out: list[float | None] = []
    for k in range(10):
        lo, hi = total * k / 10, total * (k + 1) / 10
        before = [r for r in readings if r[1] <= lo]
        after = [r for r in readings if r[1] >= hi]
        if not before or not after or after[0][0] <= before[-1][0]:
            out.append(None)
            continue
        (t0, n0), (t1, n1) = before[-1], after[0]
        out.append(round((n1 - n0) / (t1 - t0), 1))
    return out


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return []


def run_leg(
    corpus: Path,
    uri: str,
    workers: int,
    env: dict[str, str],
    *,
    tree: Path = ROOT,
    extra: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Run ``citegraph ingest`` once (with ``extra`` options), on the code of ``tree``,
    and measure it."""
    cmd = [sys.executable, "-m", "api", "ingest", str(corpus), "--store", uri, "--json"]
    cmd += ["--workers", str(workers), *extra]
    server = _neo4j_server() if uri.startswith("bolt://") else None
    server_cpu0 = sum(server.cpu_times()[:2]) if server else 0.0
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    out_path = corpus.parent / f".leg-{os.getpid()}.json"
    index = reuse_index(uri, env)
    progress: list[tuple[float, int]] = []
    started = time.perf_counter()
    with out_path.open("w") as out:
        # ``python -m`` puts the working directory first on sys.path: run in ``tree``.
        proc = psutil.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env, cwd=tree)
        peak, cpu_seen, loads = 0, {}, [load0]
        read_at = started
        while proc.poll() is None:
            if time.perf_counter() - read_at >= PROGRESS_EVERY:
                read_at = time.perf_counter()
                done = indexed_count(index)
                if done is not None:
                    progress.append((round(read_at - started, 1), done))
            rss = 0
            for p in _tree(proc):
                try:
                    rss += p.memory_info().rss
                    cpu_seen[p.pid] = sum(p.cpu_times()[:2])
                except psutil.Error:
                    pass
            peak = max(peak, rss)
            loads.append(os.getloadavg()[0])
            time.sleep(0.2)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
    wall = time.perf_counter() - started
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    indexed = indexed_count(index)
    if indexed is not None:
        progress.append((round(wall, 1), indexed))
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {stderr[-2000:]}")
    report = json.loads(out_path.read_text())
    out_path.unlink()
    # Processes reaped by us count in RUSAGE_CHILDREN; workers reaped by a forkserver
    # that outlives the wait may not, so take the larger of that and the samples.
    cpu = max(
        usage1.ru_utime + usage1.ru_stime - usage0.ru_utime - usage0.ru_stime,
        sum(cpu_seen.values()),
    )
    summary = report["summary"]
    pages_done = summary["ok"] + summary["errors"]
    leg = {
        "workers": workers,
        "seconds": round(wall, 1),
        "pages": summary["documents"],
        "ok": summary["ok"],
        "errors": summary["errors"],
        "pages_per_s": round(pages_done / wall, 2),
        "cpu_s": round(cpu, 1),
        # The writer (the CLI process) alone, as last sampled: near its wall time, it is
        # the pipeline's bottleneck; well under, the workers are.
        "writer_cpu_s": round(cpu_seen.get(proc.pid, 0.0), 1),
        "pages_per_cpu_s": round(pages_done / cpu, 2) if cpu else None,
        "peak_rss_mb": round(peak / 2**20, 1),
        "load_avg_mean": round(sum(loads) / len(loads), 2),
        "store_bytes": store_bytes(uri),
        "reuse_index_bytes": _du(index) if index.exists() else 0,
        "merged_stubs": len(report.get("merged_stubs", [])),
        # [seconds, texts indexed] every PROGRESS_EVERY seconds, and the rate through
        # each tenth of the corpus (empty without text reuse).
        "progress": progress,
        "indexed_per_s_by_tenth": rates_by_tenth(progress, indexed or 0),
    }
    if server:
        leg["neo4j_server_cpu_s"] = round(sum(server.cpu_times()[:2]) - server_cpu0, 1)
    return leg


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def versus_baseline(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Throughput against the same-run baseline: the ratio of the medians over the
    (baseline, current) pairs, with every pair's own ratio when there are several."""
    out: dict[str, Any] = {}
    for key in ("pages_per_s", "pages_per_cpu_s"):
        base = statistics.median(b[key] for b, _ in pairs)
        now = statistics.median(c[key] for _, c in pairs)
        out[key] = _ratio(now, base)
    if len(pairs) > 1:
        out["pairs"] = [
            {
                "baseline_cpu_s": b["cpu_s"],
                "cpu_s": c["cpu_s"],
                "baseline_writer_cpu_s": b["writer_cpu_s"],
                "writer_cpu_s": c["writer_cpu_s"],
                "pages_per_cpu_s": _ratio(c["pages_per_cpu_s"], b["pages_per_cpu_s"]),
            }
            for b, c in pairs
        ]
    return out


def bench_size(
    size: int,
    workers: list[int],
    stores: list[str],
    seed: int,
    neo: dict[str, str] | None,
    save: Callable[[dict[str, Any]], None],
    sample: int = 2000,
    note: str | None = None,
    baseline_tree: Path | None = None,
    repeat: int = 1,
) -> dict[str, Any]:
    """Measure one corpus size, calling ``save`` after every leg (a leg can take an hour).

    With ``baseline_tree`` (a checkout of another commit), each leg is first run on that
    checkout's code (its packages first on PYTHONPATH, same interpreter and corpus),
    and the leg records its throughput against it: a change measured in the same run.
    With ``repeat`` > 1 the pair runs that many times, alternating, and the ratio is
    that of the medians: on this 2-core machine one pair's CPU seconds vary by 15%.
    """
    corpus = ROOT / ".cache" / "corpus" / str(size)
    print(f"[{size}] corpus at {corpus}", file=sys.stderr)
    info = ensure(size, corpus, seed=seed)
    result: dict[str, Any] = {"size": size, "corpus": info.to_json()}
    print(f"[{size}] baseline: bare trafilatura", file=sys.stderr)
    same = baseline(corpus, size, same_options=True, sample=sample)
    defaults = baseline(corpus, size, same_options=False, sample=sample // 2)
    result["baseline"] = {"same_options": same, "defaults": defaults}
    result["legs"] = {}
    save(result)
    for name in stores:
        env = dict(os.environ)
        uri = ""
        if name == "neo4j":
            if neo is None:
                result["legs"][name] = {"skipped": "no Neo4j server"}
                continue
            env |= {k: v for k, v in neo.items() if k != "how"}
            uri = neo["NEO4J_URI"]
        legs = []
        for w in workers:
            if name == "embedded":  # one file per leg: legs may run at the same time
                uri = str(ROOT / ".cache" / "bench-ingest" / f"{size}-{w}w.db")
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
            before = None
            pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for _ in range(repeat if baseline_tree is not None else 1):
                if baseline_tree is not None:
                    print(f"[{size}] {name} store, {w} worker(s), {baseline_tree}", file=sys.stderr)
                    empty(uri, env)
                    before = run_leg(
                        corpus, uri, w, env | {"PYTHONPATH": str(baseline_tree)}, tree=baseline_tree
                    )
                    before["quality"] = quality(uri, env, corpus)
                    before["tree"] = str(baseline_tree)
                    before["commit"] = _commit(baseline_tree)
                print(f"[{size}] {name} store, {w} worker(s)", file=sys.stderr)
                empty(uri, env)
                leg = run_leg(corpus, uri, w, env)
                if before is not None:
                    pairs.append((before, leg))
            leg["commit"] = _commit(ROOT)
            if before is not None:
                leg["same_run_baseline"] = before
                leg["vs_same_run_baseline"] = versus_baseline(pairs)
            if note:
                leg["note"] = note
            leg["quality"] = quality(uri, env, corpus)
            leg["per_core_vs_bare"] = _ratio(leg["pages_per_cpu_s"], same["pages_per_cpu_s"])
            leg["per_core_vs_bare_defaults"] = _ratio(
                leg["pages_per_cpu_s"], defaults["pages_per_cpu_s"]
            )
            leg["wall_vs_bare"] = _ratio(leg["pages_per_s"], same["pages_per_s"])
            print(f"[{size}] {name} {w}w: {json.dumps(leg)}", file=sys.stderr)
            legs.append(leg)
            result["legs"][name] = {"runs": legs}
            save(result)
    return result


# -- the real-page leg -----------------------------------------------------------------
# The real-page leg's start-up estimate ingests the first pages alone: one ntrex
# document in all eleven languages, so every language's patterns and models load.
STARTUP_PAGES = 11


def bench_real(
    folder: Path,
    workers: list[int],
    save: Callable[[dict[str, Any]], None],
    *,
    pages_dir: Path = REAL_PAGES,
    db_dir: Path = ROOT / ".cache" / "bench-ingest",
    limit: int | None = None,
    startup_pages: int = STARTUP_PAGES,
    note: str | None = None,
) -> dict[str, Any]:
    """Bare trafilatura and ``citegraph ingest`` (embedded store) on the same real pages.

    The pages are the ntrex-dev texts inside realistic news-page templates
    (bench/ntrex_pages.py, which says exactly what is real and what is built). The
    baseline runs over every page; each worker count ingests every page into an
    emptied store; then, with one worker, the first ``startup_pages`` pages alone, for
    the start-up cost (:func:`startup_leg`). ``save`` is called after every leg.
    """
    info = build(folder, pages_dir, limit=limit)
    n = int(info["pages"])
    result: dict[str, Any] = {
        "pages": info,
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    print(f"[real] {n} pages at {pages_dir}; baseline: bare trafilatura", file=sys.stderr)
    same = baseline(pages_dir, n, same_options=True, sample=n)
    defaults = baseline(pages_dir, n, same_options=False, sample=n)
    result["baseline"] = {"same_options": same, "defaults": defaults}
    result["legs"] = {"embedded": {"runs": []}}
    save(result)
    env = dict(os.environ)
    db_dir.mkdir(parents=True, exist_ok=True)
    for w in workers:
        uri = str(db_dir / f"real-{w}w.db")
        print(f"[real] embedded store, {w} worker(s)", file=sys.stderr)
        empty(uri, env)
        leg = run_leg(pages_dir, uri, w, env)
        leg["commit"] = _commit(ROOT)
        if note:
            leg["note"] = note
        store = open_store(uri)
        try:
            counts = store.counts()
        finally:
            store.close()
        leg["stored"] = {"nodes": counts.nodes, "edges": counts.edges}
        leg["per_core_vs_bare"] = _ratio(leg["pages_per_cpu_s"], same["pages_per_cpu_s"])
        leg["per_core_vs_bare_defaults"] = _ratio(
            leg["pages_per_cpu_s"], defaults["pages_per_cpu_s"]
        )
        leg["wall_vs_bare"] = _ratio(leg["pages_per_s"], same["pages_per_s"])
        print(f"[real] embedded {w}w: {json.dumps(leg)}", file=sys.stderr)
        result["legs"]["embedded"]["runs"].append(leg)
        save(result)
    if n > startup_pages and 1 in workers:
        result["startup"] = startup_leg(folder, pages_dir, db_dir, result, env, startup_pages)
        save(result)
    return result


def startup_leg(
    folder: Path,
    pages_dir: Path,
    db_dir: Path,
    result: dict[str, Any],
    env: dict[str, str],
    first: int = STARTUP_PAGES,
) -> dict[str, Any]:
    """The fixed CPU cost of an ingest, and the pipeline's per-page cost without it.

    Bare trafilatura runs in a warm process; ``citegraph ingest`` also pays for its
    start-up (imports, the encoder, every language's patterns), which a 682-page run
    does not amortise as a large corpus would. Ingesting the first pages alone gives
    cpu = fixed + pages x marginal on two points.
    """
    small_dir = pages_dir.parent / f"{pages_dir.name}-first{first}"
    build(folder, small_dir, limit=first)
    uri = str(db_dir / "real-startup.db")
    print(f"[real] start-up: the first {first} pages, 1 worker", file=sys.stderr)
    empty(uri, env)
    small = run_leg(small_dir, uri, 1, env)
    full = next(r for r in result["legs"]["embedded"]["runs"] if r["workers"] == 1)
    pages = full["ok"] + full["errors"]
    marginal = (full["cpu_s"] - small["cpu_s"]) / (pages - first)
    bare = result["baseline"]["same_options"]
    bare_ms = bare["cpu_s"] / bare["pages"] * 1000
    return {
        "pages": first,
        "cpu_s": small["cpu_s"],
        "fixed_cpu_s_estimate": round(small["cpu_s"] - first * marginal, 1),
        "marginal_cpu_ms_per_page": round(marginal * 1000, 1),
        "bare_cpu_ms_per_page": round(bare_ms, 1),
        "per_core_vs_bare_marginal": round(bare_ms / (marginal * 1000), 3)
        if marginal > 0
        else None,
    }


def save_real(done: dict[str, Any], path: Path = RESULTS) -> None:
    """Put the real-page leg under ``real_pages`` in the results, the rest kept."""
    results: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {"sizes": {}}
    results["real_pages"] = {
        "what": REAL_WHAT,
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "trafilatura": trafilatura.__version__,
        },
        **done,
    }
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def _commit(tree: Path) -> str | None:
    proc = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return proc.stdout.strip() or None


def _merge_legs(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Runs by store and worker count: runs of this invocation replace earlier ones."""
    out = dict(old)
    for store, entry in new.items():
        runs = {r["workers"]: r for r in old.get(store, {}).get("runs", [])}
        runs |= {r["workers"]: r for r in entry.get("runs", [])}
        merged: dict[str, Any] = {"runs": [runs[w] for w in sorted(runs)]} if runs else entry
        if 1 in runs and 2 in runs:
            merged["speedup_2_vs_1"] = _ratio(runs[2]["pages_per_s"], runs[1]["pages_per_s"])
            # What 2 free cores would give: the same CPU per page (ingest plus the
            # Neo4j server's), spread over two cores instead of one. An estimate for
            # when the wall-clock ratio is drowned by other jobs' load.
            cpu1, cpu2 = (
                (r["cpu_s"] + r.get("neo4j_server_cpu_s", 0.0)) / r["pages"]
                for r in (runs[1], runs[2])
            )
            merged["speedup_2_vs_1_projected_free_cores"] = round(2 * cpu1 / cpu2, 3)
        out[store] = merged
    return out


# -- output ---------------------------------------------------------------------------
def plot(results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Entries marked stale were measured on an older corpus or pipeline; kept in the
    # file for the record, left out of the plot.
    sizes = sorted((k for k, v in results["sizes"].items() if not v.get("stale")), key=int)
    fig, (ax0, ax1, ax2) = plt.subplots(1, 3, figsize=(15, 4.4))
    series: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for s in sizes:
        for store, entry in results["sizes"][s]["legs"].items():
            for leg in entry.get("runs", []):
                series.setdefault(f"{store}, {leg['workers']}w", []).append((int(s), leg))
    for label, points in sorted(series.items()):
        xs = [x for x, _ in points]
        ax0.plot(xs, [leg["pages_per_cpu_s"] for _, leg in points], marker="o", label=label)
        ax1.plot(xs, [leg["pages_per_s"] for _, leg in points], marker="o", label=label)
        ax2.plot(xs, [leg["peak_rss_mb"] for _, leg in points], marker="o", label=label)
    bare = [(int(s), results["sizes"][s]["baseline"]["same_options"]) for s in sizes]
    for ax, field in ((ax0, "pages_per_cpu_s"), (ax1, "pages_per_s")):
        ax.plot(
            [x for x, _ in bare],
            [b[field] for _, b in bare],
            "k--",
            marker="s",
            label="bare trafilatura, 1 process",
        )
    for ax, title, unit in (
        (ax0, "Throughput per core", "pages / CPU-second"),
        (ax1, "Throughput, wall clock", "pages / s"),
        (ax2, "Peak RSS (ingest process tree)", "MB"),
    ):
        ax.set_xscale("log")
        ax.set_xlabel("corpus size (pages)")
        ax.set_ylabel(unit)
        ax.set_title(title, fontsize=10)
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
    fig.suptitle(
        "citegraph ingest (2 cores; legs that shared the machine say so in ingest.json)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--store", action="append", choices=["embedded", "neo4j"], help="default: both"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sample", type=int, default=2000, help="pages for the bare-trafilatura baseline"
    )
    parser.add_argument("--crash", action="store_true", help="also run bench/crash.py (5k)")
    parser.add_argument("--note", help="recorded with each leg (e.g. what else was running)")
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        help="a checkout of another commit: each leg runs on its code first, in the same run",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="with --baseline-tree: run each (baseline, this code) pair N times, alternating",
    )
    parser.add_argument(
        "--real",
        action="store_true",
        help="run the real-page leg (ntrex-dev texts in news-page templates, embedded "
        "store); without --size, only that",
    )
    parser.add_argument("--ntrex", type=Path, default=None, help="the ntrex-dev folder")
    args = parser.parse_args()
    if args.real:
        from bench.ntrex import default_folder

        folder = args.ntrex or default_folder(ROOT)
        if folder is None:
            parser.error("no ntrex-dev folder: pass --ntrex or set CITEGRAPH_NTREX")
        bench_real(folder, args.workers, save_real, note=args.note)
        if not args.size:
            print(json.dumps(json.loads(RESULTS.read_text())["real_pages"], indent=2))
            return
    sizes = args.size or [10_000]
    stores = args.store or ["embedded", "neo4j"]
    neo = neo4j_env() if "neo4j" in stores else None

    def save(done: dict[str, Any]) -> None:
        # Re-read first: a second run of this script may be measuring the other store.
        results: dict[str, Any] = (
            json.loads(RESULTS.read_text()) if RESULTS.is_file() else {"sizes": {}}
        )
        sizes_done = results.setdefault("sizes", {})
        previous = sizes_done.get(str(done["size"]), {})
        merged = dict(done)
        merged["legs"] = _merge_legs(previous.get("legs", {}), done["legs"])
        sizes_done[str(done["size"])] = merged
        results.update(
            {
                "benchmark": "bench/ingest.py",
                "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "trafilatura": trafilatura.__version__,
                    "neo4j": neo.get("how") if neo else results.get("machine", {}).get("neo4j"),
                },
                "note": SHARED_NOTE,
            }
        )
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        plot(results)

    for size in sizes:
        bench_size(
            size,
            args.workers,
            stores,
            args.seed,
            neo,
            save,
            args.sample,
            args.note,
            args.baseline_tree,
            args.repeat,
        )
    if args.crash:
        subprocess.run([sys.executable, "-m", "bench.crash"], check=True, cwd=ROOT)
    print(RESULTS.read_text())


if __name__ == "__main__":
    main()
