"""Extraction quality: precision and recall per relation, on two labelled sets.

1. ``tests/fixtures/eval/*.yaml``: 44 short news texts in eight languages written for the
   project, with gold attribution edges (cites, quotes, translates, republishes) and
   many traps. Each document is extracted on its own (no store), as
   ``citegraph extract`` does.
2. ``examples/expected.yaml``: the demo corpus, ingested into a temporary embedded
   store so that cross-document resolution (stubs meeting real articles) is scored.

Prints a table and writes bench/results/extraction.json. Not a test: the tests
assert the hard requirements; this tracks the soft ones over time.

    .venv/bin/python -m bench.extraction
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from graph.keys import article_key
from graph.schema import EdgeKind, NodeKind
from graph.store.embedded import EmbeddedStore
from loaders.documents import parse_document
from loaders.extract import extract
from loaders.ingest import ingest
from loaders.registry import Registry, load_registry
from loaders.textnorm import fold

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "fixtures" / "eval"
SCORED = (EdgeKind.CITES, EdgeKind.QUOTES, EdgeKind.TRANSLATES, EdgeKind.REPUBLISHES)


def _prf(tp: int, found: int, expected: int) -> dict[str, Any]:
    p = tp / found if found else 1.0
    r = tp / expected if expected else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
        "true_positives": tp,
        "found": found,
        "expected": expected,
    }


def _predicted(
    text: str, language: str, markdown: bool, registry: Registry
) -> list[dict[str, Any]]:
    """The scored edges of one document: relation and every name its target goes by."""
    doc = parse_document(text.encode("utf-8"), uri="eval.md" if markdown else "eval.txt")
    x = extract(replace(doc, language=language), registry)
    nodes = {n.key: n for n in x.subgraph.nodes}
    out = []
    for e in x.subgraph.edges:
        if e.type not in SCORED:
            continue
        target = nodes[e.target]
        # Any name of the target counts: the gold may use an alias ("Israeli military").
        names = {fold(target.name), fold(target.title or ""), *map(fold, target.aliases)}
        if target.kind is NodeKind.ARTICLE and target.outlet in nodes:
            # "Source : HispanTV" names the outlet; its article has no title of its own.
            names.add(fold(nodes[target.outlet].name))
        out.append(
            {
                "relation": e.type.wire,
                "names": names - {""},
                "label": target.name,
                "evidence": e.evidence[0].text[:80],
                "pattern": e.evidence[0].pattern,
            }
        )
    return out


def score_eval(registry: Registry, folder: Path = EVAL) -> dict[str, Any]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, found, expected
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    errors: list[dict[str, Any]] = []
    documents = 0
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for doc in data["documents"]:
            language = doc.get("language") or data["language"]
            documents += 1
            predicted = _predicted(doc["text"], language, doc.get("format") == "markdown", registry)
            gold = [(g["relation"], g["target"]) for g in doc.get("gold") or []]
            used: set[int] = set()
            for relation, target in gold:
                hit = next(
                    (
                        i
                        for i, p in enumerate(predicted)
                        if i not in used
                        and p["relation"] == relation
                        and fold(target) in p["names"]
                    ),
                    None,
                )
                for bucket in (counts[relation], counts["overall"], by_lang[language]):
                    bucket[2] += 1
                if hit is None:
                    errors.append({"doc": doc["id"], "missed": [relation, target]})
                    continue
                used.add(hit)
                for bucket in (counts[relation], counts["overall"], by_lang[language]):
                    bucket[0] += 1
            for i, p in enumerate(predicted):
                for bucket in (counts[p["relation"]], counts["overall"], by_lang[language]):
                    bucket[1] += 1
                if i not in used:
                    errors.append(
                        {
                            "doc": doc["id"],
                            "extra": [p["relation"], p["label"]],
                            "evidence": p["evidence"],
                            "pattern": p["pattern"],
                        }
                    )
    return {
        "set": str(folder.relative_to(ROOT)),
        "documents": documents,
        "languages": sorted(by_lang),
        "relations": {k: _prf(*v) for k, v in sorted(counts.items()) if k != "overall"},
        "overall": _prf(*counts["overall"]),
        "by_language": {k: _prf(*v) for k, v in sorted(by_lang.items())},
        "errors": errors,
    }


def score_examples() -> dict[str, Any]:
    """The demo corpus against examples/expected.yaml, through a real ingest."""
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

    found: dict[str, set[tuple[str, ...]]] = {
        "derivations": {
            (label(e.source), e.type.wire, label(e.target))
            for e in edges
            if e.type.wire in ("translates", "republishes") and e.source in back
        },
        "citations": {
            (label(e.source), label(e.target))
            for e in edges
            if e.type.wire == "cites" and e.source in back
        },
        "quotes": {
            (label(e.source), nodes[e.target].name)
            for e in edges
            if e.type.wire == "quotes"
            and e.source in back
            and nodes[e.target].kind in (NodeKind.PERSON, NodeKind.ORGANIZATION)
        },
    }
    want: dict[str, set[tuple[str, ...]]] = {
        "derivations": {(d["from"], d["type"], d["to"]) for d in expected["derivations"]},
        "citations": {(c["from"], c.get("to") or c["to_outlet"]) for c in expected["citations"]},
        "quotes": {(aid, q["target"]) for aid, qs in expected["quotes"].items() for q in qs},
    }
    result: dict[str, Any] = {
        "set": "examples/corpus",
        "documents": len(expected["articles"]),
        "ingest_seconds": round(seconds, 3),
    }
    for kind in ("derivations", "citations", "quotes"):
        got, wanted = found[kind], want[kind]
        result[kind] = {
            **_prf(len(got & wanted), len(got), len(wanted)),
            "missed": sorted(map(str, wanted - got)),
            "extra": sorted(map(str, got - wanted)),
        }
    # Citations of outlets that an article merely repeats from its source are
    # tolerated by that ground truth, so only recall is meaningful for them.
    result["note"] = "examples citations: the ground truth lists required ones only (recall)"
    return result


def main() -> None:
    registry = load_registry()
    started = time.perf_counter()
    evaluation = score_eval(registry)
    eval_seconds = time.perf_counter() - started
    # Written after the tuning rounds and never tuned on: the honest generalisation figure.
    holdout = score_eval(registry, EVAL / "holdout")
    examples = score_examples()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": "shared with other parallel jobs while measured",
        "eval_seconds": round(eval_seconds, 3),
        "eval": evaluation,
        "holdout": holdout,
        "examples": examples,
    }
    out = ROOT / "bench" / "results" / "extraction.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"tests/fixtures/eval: {evaluation['documents']} documents, "
        f"{len(evaluation['languages'])} languages ({', '.join(evaluation['languages'])})"
    )
    print(f"{'relation':12} {'P':>6} {'R':>6} {'F1':>6}  tp/expected  found")
    rows = [*evaluation["relations"].items(), ("overall", evaluation["overall"])]
    for name, r in rows:
        print(
            f"{name:12} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
            f"  {r['true_positives']:>3}/{r['expected']:<7} {r['found']:>5}"
        )
    langs = evaluation["by_language"].items()
    print(
        "by language: "
        + ", ".join(f"{k} P={v['precision']:.2f} R={v['recall']:.2f}" for k, v in langs)
    )
    h = holdout["overall"]
    print(
        f"held-out ({holdout['documents']} documents, never tuned on): "
        f"P={h['precision']:.3f} R={h['recall']:.3f} F1={h['f1']:.3f} "
        f"({h['true_positives']}/{h['expected']} expected, {h['found']} found)"
    )
    print("examples/corpus (ingest + resolution):")
    for kind in ("derivations", "citations", "quotes"):
        r = examples[kind]
        print(
            f"  {kind:12} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
            f"({r['true_positives']}/{r['expected']} expected, {r['found']} found)"
        )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
