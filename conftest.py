"""Names the docstring examples of the packages use (pytest runs them as doctests)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any], tmp_path: Path) -> None:
    # SEEDS: the folder of the two real seed articles; DEMO_REGISTRY: the demo
    # corpus's outlets, merged over the built-in registry; DEMO_STORE: a fresh store
    # file (its reuse index goes beside it, so not ":memory:", whose index would be
    # written to the working directory).
    seeds = os.environ.get("CITEGRAPH_SEEDS", str(ROOT.parent / "shared" / "seeds"))
    doctest_namespace["SEEDS"] = seeds
    doctest_namespace["DEMO_REGISTRY"] = str(ROOT / "examples" / "outlets.yaml")
    doctest_namespace["DEMO_STORE"] = str(tmp_path / "demo.db")
