"""Benchmark (not a test): reads keep answering while an ingest job runs through the API.

A real server (``citegraph serve``, uvicorn) holds a store of ``--pages`` generated pages
(bench/corpus.py). ``--clients`` concurrent clients then send a mix of read requests
(health, outlet lists and profiles, search, articles, paths, amplification, the outlet
graph), first for ``--baseline`` seconds with nothing else running, then for
``--seconds`` seconds while ``POST /ingest`` runs a job of ``--job`` more pages of the
same corpus, served by a local HTTP server. Reported: every read's outcome (any
non-2xx answer or transport error is an error), latency p50/p95/p99 of both phases
and their ratio, and the job's progress at the end of the window and when it finished.
Results go to bench/results/api_load.json.

    .venv/bin/python -m bench.api_load [--clients 50] [--seconds 60] [--job 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.corpus import generate, page_path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "api_load.json"
TOKEN = "bench-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve_folder(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _start_server(store: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cli = str(Path(sys.executable).parent / "citegraph")
    proc = subprocess.Popen(
        [cli, "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def _read_mix(base: str, rng: random.Random) -> list[str]:
    """Read requests drawn from what the store holds."""
    with httpx.Client(base_url=base, timeout=60) as c:
        outlets = [o["name"] for o in c.get("/outlets", params={"limit": 200}).json()["data"]]
        graph = c.get("/outlet-graph").json()
        articles = [a["key"] for a in c.get("/articles", params={"limit": 200}).json()["data"]]
    names = {o["key"]: o["name"] for o in graph["outlets"]}
    pairs = [(names[e["from"]], names[e["to"]]) for e in graph["edges"]]
    busiest = sorted(graph["outlets"], key=lambda o: -o.get("out_degree", 0))[:10]
    mix = ["/health"] * 4
    mix += [f"/outlets?limit=20&offset={rng.randrange(50)}" for _ in range(4)]
    mix += [f"/outlets/{rng.choice(outlets)}" for _ in range(6)]
    mix += [f"/search?q={rng.choice(outlets).split()[0]}" for _ in range(6)]
    mix += [f"/articles/{rng.choice(articles)}" for _ in range(6)]
    for origin, destination in rng.sample(pairs, min(8, len(pairs))):
        mix.append(f"/paths?origin={origin}&destination={destination}")
    mix += [f"/amplification?source={o['name']}&limit=100" for o in busiest[:4]]
    mix.append("/outlet-graph")
    return mix


async def _load(base: str, mix: list[str], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    end = time.monotonic() + seconds

    async def client(index: int) -> None:
        rng = random.Random(index)
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as c:
            while time.monotonic() < end:
                path = rng.choice(mix)
                started = time.perf_counter()
                try:
                    answer = await c.get(path)
                    if answer.status_code >= 300:
                        errors.append(f"{answer.status_code} {path}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {path}")
                latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(client(i) for i in range(clients)))
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else [0.0] * 99
    return {
        "seconds": seconds,
        "reads": len(ms),
        "reads_per_s": round(len(ms) / seconds, 1),
        "errors": len(errors),
        "error_samples": errors[:10],
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "max_ms": round(ms[-1], 1) if ms else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages in the store")
    parser.add_argument("--job", type=int, default=200, help="pages the ingest job fetches")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--baseline", type=float, default=20.0)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="citegraph-load-"))
    try:
        corpus = work / "corpus"
        generate(args.pages + args.job, corpus)
        served = work / "served"
        for i in range(args.pages, args.pages + args.job):
            target = served / page_path(i)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(corpus / page_path(i), target)
        # The job's pages are the server's to fetch, not the store's to read from disk.
        manifest = (corpus / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [row for row in manifest[1:] if (corpus / row.split(",", 1)[0]).is_file()]
        (corpus / "manifest.csv").write_text("".join(manifest[:1] + kept), encoding="utf-8")
        store = work / "load.db"
        ingest = [sys.executable, "-m", "api", "ingest", str(corpus), "--store", str(store)]
        subprocess.run([*ingest, "--workers", "2", "--json"], check=True, stdout=subprocess.DEVNULL)

        site, site_url = _serve_folder(served)
        port = _free_port()
        env = os.environ | {
            "CITEGRAPH_TOKEN": TOKEN,
            "CITEGRAPH_FETCH_ALLOW": "127.0.0.1/32",
            "CITEGRAPH_FETCH_HOST_DELAY": "0",
        }
        server = _start_server(store, port, env)
        base = f"http://127.0.0.1:{port}"
        try:
            mix = _read_mix(base, random.Random(1))
            asyncio.run(_load(base, mix, args.clients, 3))  # warm-up (graph view, caches)
            baseline = asyncio.run(_load(base, mix, args.clients, args.baseline))
            urls = [f"{site_url}/{page_path(i)}" for i in range(args.pages, args.pages + args.job)]
            auth = {"Authorization": f"Bearer {TOKEN}"}
            submitted = time.monotonic()
            job = httpx.post(f"{base}/ingest", json={"urls": urls}, headers=auth, timeout=30)
            job.raise_for_status()
            job_url = f"{base}/jobs/{job.json()['id']}"
            during = asyncio.run(_load(base, mix, args.clients, args.seconds))
            at_end = httpx.get(job_url, headers=auth, timeout=30).json()
            while (state := httpx.get(job_url, headers=auth, timeout=30).json())["status"] in (
                "queued",
                "running",
            ):
                time.sleep(1)
            job_seconds = time.monotonic() - submitted
        finally:
            server.terminate()
            server.wait(30)
            site.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    result = {
        "benchmark": "api_load",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "store": "embedded",
        "store_pages": args.pages,
        "clients": args.clients,
        "read_mix": len(mix),
        "baseline_reads_only": baseline,
        "during_ingest_job": during,
        "p95_ratio_during_vs_baseline": round(during["p95_ms"] / max(baseline["p95_ms"], 0.1), 2),
        "job": {
            "pages": args.job,
            "progress_at_end_of_window": at_end["progress"],
            "status": state["status"],
            "summary": (state.get("report") or {}).get("summary"),
            "seconds_to_done": round(job_seconds, 1),
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
