"""Extraction quality on the demo corpus against its ground truth (examples/expected.yaml).

Scores derivations (translates/republishes), citations and quotes as precision,
recall and F1, and writes them to bench/results/extraction.json. Not a test: the
tests assert the hard requirements; this file tracks the soft ones over time.

    .venv/bin/python -m bench.extraction_score
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from graph.keys import article_key
from graph.schema import NodeKind
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]


def _prf(found: set[Any], expected: set[Any]) -> dict[str, Any]:
    tp = len(found & expected)
    p = tp / len(found) if found else 1.0
    r = tp / len(expected) if expected else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
        "true_positives": tp,
        "found": len(found),
        "expected": len(expected),
        "missed": sorted(map(str, expected - found)),
        "extra": sorted(map(str, found - expected)),
    }


def main() -> None:
    expected = yaml.safe_load((ROOT / "examples" / "expected.yaml").read_text("utf-8"))
    ids = {a["id"]: article_key(url=a["url"]) for a in expected["articles"]}
    back = {v: k for k, v in ids.items()}
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "score.db")
        started = time.perf_counter()
        ingest(
            [str(ROOT / "examples" / "corpus")],
            store,
            load_registry([ROOT / "examples" / "outlets.yaml"]),
        )
        seconds = time.perf_counter() - started
        nodes = {n.key: n for n in store.iter_nodes()}
        edges = list(store.iter_edges())
        store.close()

    def label(key: str) -> str:
        return back.get(key) or nodes[key].name

    derivations = {
        (label(e.source), e.type.wire, label(e.target))
        for e in edges
        if e.type.wire in ("translates", "republishes") and e.source in back
    }
    citations = {
        (label(e.source), label(e.target))
        for e in edges
        if e.type.wire == "cites" and e.source in back
    }
    quotes = {
        (label(e.source), nodes[e.target].name)
        for e in edges
        if e.type.wire == "quotes"
        and e.source in back
        and nodes[e.target].kind in (NodeKind.PERSON, NodeKind.ORGANIZATION)
    }
    want_derivations = {(d["from"], d["type"], d["to"]) for d in expected["derivations"]}
    want_citations = {(c["from"], c.get("to") or c["to_outlet"]) for c in expected["citations"]}
    want_quotes = {(aid, q["target"]) for aid, qs in expected["quotes"].items() for q in qs}
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": "examples/corpus",
        "documents": len(expected["articles"]),
        "ingest_seconds": round(seconds, 3),
        "derivations": _prf(derivations, want_derivations),
        # Citations of outlets that an article merely repeats from its source are
        # tolerated by the ground truth, so only recall is meaningful here.
        "citations": _prf(citations, want_citations),
        "quotes": _prf(quotes, want_quotes),
    }
    out = ROOT / "bench" / "results" / "extraction.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for kind in ("derivations", "citations", "quotes"):
        r = result[kind]
        print(
            f"{kind:12} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
            f"({r['true_positives']}/{r['expected']} expected, {r['found']} found)"
        )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
