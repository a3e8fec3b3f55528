"""Real translations for the reuse benchmark: NTREX news articles and their translations.

The folder (``../shared/data/ntrex-dev``, README there) holds English news articles
with professional translations into ten languages, a manifest of URLs and dates, and
``gold.json``: which file translates which. Each leg ingests every file with the real
pipeline (``loaders.ingest.ingest``, text reuse on) into a fresh embedded store:

* ``manifest``: through the manifest, so every file has its URL, date and language;
* ``no_manifest``: the bare files, as a new user would drop them in: no URL, no date,
  languages detected from the text.

Scored per gold pair (``en-ru``...): recall (the pair linked, either way), direction
(dated pairs point from the translation to the original; undated ones must say
``unknown``); and precision over every predicted edge, where an edge between two
translations of one original is correct but indirect, and any other edge is false.
The article identity check counts files that ended up in one article with another.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from graph.schema import EdgeKind, ReuseDirection
from graph.store import open_store
from loaders.ingest import ingest
from loaders.registry import load_registry

__all__ = ["default_folder", "run_ntrex"]

REUSE_EDGES = (EdgeKind.TRANSLATES, EdgeKind.REPUBLISHES)


def default_folder(root: Path) -> Path | None:
    """Return the ntrex-dev folder beside the checkout (or its worktree's parent)."""
    configured = os.environ.get("CITEGRAPH_NTREX")
    candidates = [Path(configured)] if configured else []
    candidates += [p / "shared" / "data" / "ntrex-dev" for p in (root.parent, root.parents[1])]
    return next((c for c in candidates if (c / "gold.json").exists()), None)


def _inputs(folder: Path, *, manifest: bool) -> list[str]:
    # The report names a local document relative to the folder of what was given
    # (loaders.inputs), here ``folder``: the manifest and the ``ntrex`` folder both give
    # names such as ``ntrex/en/x.txt``, as gold.json has them.
    return [str(folder / ("manifest.csv" if manifest else "ntrex"))]


def _relative(name: str, folder: Path) -> str:
    path = Path(name)
    return str(path.resolve().relative_to(folder.resolve())) if path.is_absolute() else name


def run_leg(folder: Path, *, manifest: bool, workers: int = 1) -> dict[str, Any]:
    """Ingest the folder's files (with or without the manifest) and score the edges."""
    gold = json.loads((folder / "gold.json").read_text())
    files = sorted(gold["files"])
    group = {f: gold["files"][f]["group"] for f in files}
    language = {f: gold["files"][f]["language"] for f in files}
    truth = {frozenset((p["translation"], p["original"])): p for p in gold["pairs"]}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "ntrex.db"))
        t0, c0 = time.perf_counter(), time.process_time()
        report = ingest(_inputs(folder, manifest=manifest), store, load_registry(), workers=workers)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        file_of: dict[str, list[str]] = defaultdict(list)
        for item in report.items:
            if item.article:
                file_of[item.article].append(_relative(item.input, folder))
        edges = [e for e in store.iter_edges() if e.type in REUSE_EDGES]
        store.close()
    merged = sorted(sorted(v) for v in file_of.values() if len(v) > 1)
    found: dict[str, int] = Counter()
    planted: dict[str, int] = Counter(p["pair"] for p in gold["pairs"])
    right_way: dict[str, int] = Counter()
    unknown: dict[str, int] = Counter()
    seen: set[frozenset[str]] = set()
    predicted: dict[str, int] = Counter()
    false: dict[str, int] = Counter()
    false_edges: list[str] = []
    indirect = 0
    patterns: dict[str, int] = Counter()
    for e in edges:
        ends = [file_of.get(e.source, [None])[0], file_of.get(e.target, [None])[0]]
        if None in ends:
            false_edges.append(f"{e.type.wire} {e.source} -> {e.target} (not an input)")
            continue
        src, dst = ends[0], ends[1]
        assert src is not None and dst is not None
        langs = "-".join(sorted((language[src], language[dst])))
        predicted[langs] += 1
        evidence = next((x for x in e.evidence if x.reuse is not None), None)
        if evidence is not None:
            patterns[evidence.pattern or "?"] += 1
        pair = frozenset((src, dst))
        gold_pair = truth.get(pair)
        if gold_pair is not None:
            if pair not in seen:
                seen.add(pair)
                name = gold_pair["pair"]
                found[name] += 1
                direction = evidence.reuse.direction if evidence and evidence.reuse else None
                if direction is ReuseDirection.UNKNOWN:
                    unknown[name] += 1
                elif src == gold_pair["translation"]:
                    right_way[name] += 1
        elif group[src] == group[dst]:
            indirect += 1
        else:
            false[langs] += 1
            false_edges.append(f"{e.type.wire} {src} -> {dst}")
    pairs = {
        name: {
            "true_pairs": planted[name],
            "found": found[name],
            "recall": round(found[name] / planted[name], 4),
            "direction_later_to_earlier_right": right_way[name],
            "direction_unknown": unknown[name],
        }
        for name in sorted(planted)
    }
    total_predicted = sum(predicted.values())
    return {
        "files": len(files),
        "ingested_ok": report.ok,
        "seconds": round(seconds, 1),
        "cpu_seconds_this_process": round(cpu, 1),
        "files_merged_into_one_article": sum(len(m) for m in merged),
        "merged_examples": merged[:3],
        "same_article_notes": report.codes()["same_article"],
        "per_pair": pairs,
        "recall_min": min(p["recall"] for p in pairs.values()),
        "predicted_edges": total_predicted,
        "indirect_edges": indirect,
        "false_edges": sum(false.values()),
        "precision": round(1 - sum(false.values()) / total_predicted, 4)
        if total_predicted
        else None,
        "precision_per_language_pair": {
            k: round(1 - false[k] / v, 4) for k, v in sorted(predicted.items())
        },
        "false_edge_list": false_edges[:20],
        "edges_by_method": dict(patterns),
    }


def run_ntrex(folder: Path, *, workers: int = 1) -> dict[str, Any]:
    """Both legs, with and without the manifest, on the same files."""
    return {
        "folder": str(folder),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "manifest": run_leg(folder, manifest=True, workers=workers),
        "no_manifest": run_leg(folder, manifest=False, workers=workers),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
