"""Every example of every attribution pattern (loaders/data/patterns/*.yaml), run
through the real extractor: positives must yield their edge, negatives must not."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from graph.schema import EdgeKind, NodeKind
from loaders.documents import parse_document
from loaders.extract import Extraction, extract
from loaders.patterns import LANGUAGES, SLOTS, Example, PatternSpec, all_specs, build_forms
from loaders.registry import Registry
from tests.support.paths import ROOT

SPECS = list(all_specs())
POSITIVE = [(s, e) for s in SPECS for e in s.positive]
NEGATIVE = [(s, e) for s in SPECS for e in s.negative]
# Relations that a pattern's negative example must not produce from the article.
ATTRIBUTION = {EdgeKind.CITES, EdgeKind.QUOTES, EdgeKind.TRANSLATES, EdgeKind.REPUBLISHES}


def _run(spec: PatternSpec, example: Example, registry: Registry) -> Extraction:
    # A neutral first line: plain-text documents take their title from it.
    body = f"Dépêche n° 4417\n\n{example.text}\n"
    doc = parse_document(body.encode(), uri="example.md" if example.markdown else "example.txt")
    return extract(replace(doc, language=spec.language), registry)


def _edges(x: Extraction, relation: str) -> list[tuple[str, str, list[str]]]:
    """(target name, target outlet name, evidence pattern ids) of ``relation`` edges."""
    nodes = {n.key: n for n in x.subgraph.nodes}
    out = []
    for e in x.subgraph.edges:
        if e.type.wire != relation:
            continue
        target = nodes[e.target]
        outlet = nodes[target.outlet].name if target.outlet in nodes else ""
        out.append((target.name, outlet, [ev.pattern for ev in e.evidence]))
    return out


def _label(item: tuple[PatternSpec, Example]) -> str:
    spec, example = item
    return f"{spec.id}:{example.text[:40]}"


def test_every_language_has_patterns_for_the_core_cues() -> None:
    core = {"speech_verb", "according_to", "source_line", "translated_by", "dateline"}
    for code in LANGUAGES:
        slots = {s.slot for s in SPECS if s.language == code}
        assert core <= slots, (code, core - slots)


def test_pattern_ids_are_unique_and_name_their_language() -> None:
    ids = [s.id for s in SPECS]
    assert len(ids) == len(set(ids))
    for s in SPECS:
        assert s.id.startswith(f"{s.language}.") and s.slot in SLOTS
        assert s.relations, s.id


@pytest.mark.parametrize(("spec", "example"), POSITIVE, ids=[_label(i) for i in POSITIVE])
def test_positive_example(spec: PatternSpec, example: Example, registry: Registry) -> None:
    relation = example.relation or spec.relations[0].wire
    assert EdgeKind.parse(relation) in spec.relations, "example relation not in the pattern's"
    x = _run(spec, example, registry)
    found = _edges(x, relation)
    hits = [f for f in found if example.target in (f[0], f[1])]
    assert hits, f"no {relation} edge to {example.target!r}; found {found}"
    # The edge must come from a pattern of this kind (any language's copy of it).
    slots = {pid.split(".", 1)[-1].split(":")[0] for _n, _o, pids in hits for pid in pids}
    assert spec.slot in slots, (spec.slot, hits)


@pytest.mark.parametrize(("spec", "example"), NEGATIVE, ids=[_label(i) for i in NEGATIVE])
def test_negative_example(spec: PatternSpec, example: Example, registry: Registry) -> None:
    x = _run(spec, example, registry)
    relations = [example.relation] if example.relation else [k.wire for k in ATTRIBUTION]
    for relation in relations:
        found = _edges(x, relation)
        if example.target:
            found = [f for f in found if example.target in (f[0], f[1])]
        assert not found, f"unexpected {relation}: {found}"


def test_evidence_of_pattern_examples_is_verbatim(registry: Registry) -> None:
    for spec, example in POSITIVE:
        x = _run(spec, example, registry)
        doc_text = f"Dépêche n° 4417\n\n{example.text}\n"
        for edge in x.subgraph.edges:
            for ev in edge.evidence:
                if ev.start or ev.end:
                    assert ev.text == doc_text[ev.start : ev.end] or ev.text.strip(), spec.id


def test_outlet_and_actor_nodes_have_the_right_kind(registry: Registry) -> None:
    spec = next(s for s in SPECS if s.id == "ru.publish")
    x = _run(spec, spec.positive[0], registry)
    tass = next(n for n in x.subgraph.nodes if n.name == "TASS")
    assert tass.kind is NodeKind.OUTLET


@pytest.mark.parametrize("code", LANGUAGES)
def test_generated_forms_are_current(code: str) -> None:
    """data/patterns/forms/<lang>.json is what `python -m loaders.patterns forms` writes
    from today's lemmas and simplemma's dictionaries: a lemma added without regenerating
    would match only itself."""
    path = ROOT / "loaders" / "data" / "patterns" / "forms" / f"{code}.json"
    stored = json.loads(path.read_text("utf-8")) if path.exists() else {}
    assert stored == build_forms(code), f"run: python -m loaders.patterns forms ({code})"
