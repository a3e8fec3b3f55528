"""Where the tests find the repository, the demo corpus and their own fixtures."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CORPUS", "EXAMPLES", "FIXTURES", "INPUTS", "REUSE_CORPUS", "ROOT"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = EXAMPLES / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
INPUTS = FIXTURES / "inputs"
REUSE_CORPUS = FIXTURES / "reuse_corpus"
