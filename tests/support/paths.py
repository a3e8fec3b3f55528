"""Where the tests find the repository, the demo corpus and their own fixtures."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CORPUS", "EXAMPLES", "FIXTURES", "INPUTS", "NTREX", "REUSE_CORPUS", "ROOT"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = EXAMPLES / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
INPUTS = FIXTURES / "inputs"
REUSE_CORPUS = FIXTURES / "reuse_corpus"
# Real human translations (shared/data/ntrex-dev, beside the checkout; CITEGRAPH_NTREX
# overrides it). The files are the development half of NTREX-128.
NTREX = Path(os.environ.get("CITEGRAPH_NTREX", ROOT.parent / "shared" / "data" / "ntrex-dev"))
