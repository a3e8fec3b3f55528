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
# Real human translations (shared/data/ntrex-dev beside the checkout, or beside the
# folder of worktrees it is in; CITEGRAPH_NTREX overrides it). The files are the
# development half of NTREX-128.
_NTREX_HOMES = [p / "shared" / "data" / "ntrex-dev" for p in (ROOT.parent, ROOT.parents[1])]
NTREX = Path(
    os.environ.get("CITEGRAPH_NTREX")
    or next((p for p in _NTREX_HOMES if (p / "gold.json").exists()), _NTREX_HOMES[0])
)
