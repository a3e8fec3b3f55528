"""Crash safety: SIGKILL ``citegraph ingest`` at random points, resume, compare graphs.

The killed store is resumed after every kill; when the last run completes, its graph
(every node and edge with its evidence, plus the document records) must equal the
graph of one uninterrupted run, with no duplicate evidence. Kill points are seeded:
each run is killed a random delay after its first new write reaches the store, so
every kill lands mid-ingest. tests/loaders/ingest/test_ingest.py runs this at a small size on both
stores; ``python -m bench.crash`` runs the full 5k-document version and writes
bench/results/crash.json.

    .venv/bin/python -m bench.crash [--docs 5000] [--kills 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.store import Store, open_store

__all__ = ["CrashResult", "differences", "ingest_command", "kill_and_resume", "snapshot"]

ROOT = Path(__file__).resolve().parents[1]


def _canonical(value: Any) -> Any:
    """Lists are unions in the graph's merge rules: compare them as sorted sets."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def snapshot(store: Store) -> dict[str, dict[str, Any]]:
    """Every node and edge (with evidence) by key or id, in comparable form."""
    out: dict[str, dict[str, Any]] = {}
    for node in store.iter_nodes():
        out[f"node {node.key}"] = _canonical(node.model_dump(mode="json"))
    for edge in store.iter_edges():
        ids = [ev.id for ev in edge.evidence]
        if len(ids) != len(set(ids)):
            out[f"duplicate evidence {edge.id}"] = {"ids": ids}
        out[f"edge {edge.id}"] = _canonical(edge.model_dump(mode="json"))
    return out


def differences(a: Mapping[str, Any], b: Mapping[str, Any], limit: int = 5) -> list[str]:
    """Say how two snapshots differ (empty when they are equal)."""
    out = [f"only in first: {k}" for k in sorted(a.keys() - b.keys())[:limit]]
    out += [f"only in second: {k}" for k in sorted(b.keys() - a.keys())[:limit]]
    out += [f"differs: {k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]][:limit]
    return out


@dataclass
class CrashResult:
    kills: int = 0
    resumes: int = 0
    kill_delays: list[float] = field(default_factory=list)
    size_at_kill: list[int] = field(default_factory=list)
    seconds: float = 0.0


def ingest_command(corpus: Path, uri: str) -> list[str]:
    """The ``citegraph ingest`` command line every run here uses (killed or not)."""
    return [sys.executable, "-m", "api", "ingest", str(corpus), "--store", uri, "--json"]


def _total(uri: str, env: Mapping[str, str]) -> int:
    store = open_store(uri, user=env.get("NEO4J_USER"), password=env.get("NEO4J_PASSWORD"))
    try:
        counts = store.counts()
        return counts.total_nodes + counts.total_edges
    finally:
        store.close()


def kill_and_resume(
    corpus: Path,
    uri: str,
    *,
    kills: int,
    seed: int,
    final_total: int,
    workers: int = 1,
    max_delay: float = 1.5,
    early: float = 0.0,
    early_delay: float = 3.0,
    batch_size: int = 50,
    env: Mapping[str, str] | None = None,
) -> CrashResult:
    """Ingest ``corpus`` into ``uri``, SIGKILLing it ``kills`` times, then let it finish.

    ``final_total`` is the node + edge count of an uninterrupted run over ``corpus``. It
    caps how much of the remaining work one killed run may do, so the last kill still
    finds work left however fast the machine is. Timed kills alone were not enough: a
    quick CI machine finished the ingest before the tenth kill.
    """
    env = dict(env or os.environ)
    rng = random.Random(seed)
    cmd = ingest_command(corpus, uri)
    cmd += ["--workers", str(workers), "--batch-size", str(batch_size)]
    result = CrashResult()
    started = time.monotonic()
    while result.kills < kills:
        before = _total(uri, env)
        if before >= final_total:
            raise RuntimeError(
                f"the ingest wrote everything before kill {result.kills + 1} of {kills}: "
                "use a larger corpus or smaller batches"
            )
        with tempfile.TemporaryFile() as errors:
            proc = subprocess.Popen(
                cmd,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,  # one process group: the workers die with it
                env=env,
            )
            spawned = time.monotonic()
            if rng.random() < early:
                # Some kills fall before this run writes anything: during start-up, worker
                # start-up or the first batch's extraction, or as its first write lands.
                deadline = spawned + rng.uniform(0.0, early_delay)
                while (
                    proc.poll() is None
                    and time.monotonic() < deadline
                    and _total(uri, env) == before
                ):
                    time.sleep(0.05)
            else:
                # The rest a random moment after this run's first write lands (mid-write or
                # between batches), or once it has done an equal share of what the remaining
                # kills leave, whichever comes first.
                while proc.poll() is None and _total(uri, env) == before:
                    time.sleep(0.05)
                share = before + (final_total - before) // (kills - result.kills + 1)
                deadline = time.monotonic() + rng.uniform(0.0, max_delay)
                while (
                    proc.poll() is None and time.monotonic() < deadline and _total(uri, env) < share
                ):
                    time.sleep(0.02)
            if proc.poll() is not None:
                # Say why it ended: a run that failed is not a run that was too quick.
                errors.seek(0)
                tail = errors.read()[-2000:].decode(errors="replace")
                raise RuntimeError(
                    f"ingest ended (exit {proc.returncode}, {_total(uri, env)} of {final_total} "
                    f"written) before kill {result.kills + 1} of {kills}; if it finished, use a "
                    f"larger corpus or smaller batches. Its stderr ends:\n{tail}"
                )
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        result.kills += 1
        result.kill_delays.append(round(time.monotonic() - spawned, 3))
        result.size_at_kill.append(_total(uri, env))
    subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=3600)
    result.resumes = result.kills
    result.seconds = round(time.monotonic() - started, 1)
    return result


def main() -> None:
    from bench.corpus import ensure

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--max-delay", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "crash.json")
    args = parser.parse_args()
    work = ROOT / ".cache" / "bench-crash"
    corpus = work / f"corpus-{args.docs}"
    ensure(args.docs, corpus, seed=args.seed)
    killed, clean = work / "killed.db", work / "clean.db"
    for db in (killed, clean):
        # The store and its reuse index, with their SQLite side files.
        for suffix in ("", "-wal", "-shm", ".reuse", ".reuse-wal", ".reuse-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    # The uninterrupted run goes first: its size paces the kills.
    started = time.monotonic()
    subprocess.run(ingest_command(corpus, str(clean)), check=True, capture_output=True)
    clean_seconds = time.monotonic() - started
    result = kill_and_resume(
        corpus,
        str(killed),
        kills=args.kills,
        seed=args.seed,
        final_total=_total(str(clean), os.environ),
        workers=args.workers,
        max_delay=args.max_delay,
    )
    a, b = snapshot(open_store(str(killed))), snapshot(open_store(str(clean)))
    diff = differences(a, b)
    record = {
        "docs": args.docs,
        "store": "embedded",
        "workers_killed_runs": args.workers,
        "workers_clean_run": 1,
        "seed": args.seed,
        "kills": result.kills,
        "kill_delays_s": result.kill_delays,
        "graph_size_at_kill": result.size_at_kill,
        "killed_and_resumed_seconds": result.seconds,
        "clean_seconds": round(clean_seconds, 1),
        "nodes_and_edges": len(a),
        "equal": not diff,
        "differences": diff,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        # Timings only: the comparison does not depend on how busy the machine was.
        "load_avg_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }
    args.out.write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2))
    if diff:
        sys.exit(1)


if __name__ == "__main__":
    main()
