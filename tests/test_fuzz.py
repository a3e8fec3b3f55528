"""Mangled versions of real pages never crash extraction, and evidence stays verbatim."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from loaders.documents import parse_document
from loaders.errors import DocumentError
from loaders.extract import extract
from loaders.registry import Registry

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
MARKERS = [
    "Annexe article publié par RT :",
    "source : ",
    "traduit par ",
    "Originally published by ",
    "Quelle: https://",
    "« ",
    ":",
    "a déclaré",
    "selon",
    "le Colonel",
    "Par : ",
    "\n\n",
    "<p>",
    "</a>",
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1:
            lines.insert(i, rng.choice(MARKERS) + rng.choice(lines or [""])[: rng.randint(0, 80)])
        elif op == 2 and lines:
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
        elif op == 3:
            rng.shuffle(lines)
        else:
            lines.append(rng.choice(MARKERS) * rng.randint(1, 3))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(200))
def test_mangled_pages_extract_cleanly(seed: int, seeds_dir: Path, registry: Registry) -> None:
    rng = random.Random(seed)
    sources = sorted(seeds_dir.glob("*.txt")) + sorted(EXAMPLES.glob("*.*"))
    source = sources[seed % len(sources)]
    if source.suffix == ".csv":
        source = sources[0]
    mangled = _mutate(source.read_text("utf-8"), rng)
    try:
        doc = parse_document(mangled.encode("utf-8"), uri=source.name)
    except DocumentError:
        return  # a clear, typed refusal is an acceptable answer to garbage
    result = extract(doc, registry)
    assert result.subgraph.validate_kinds() == []
    for edge in result.subgraph.edges:
        for ev in edge.evidence:
            assert doc.text[ev.start : ev.end] == ev.text
