"""The fast tier (`pytest -m "not neo4j and not browser"`) holds no Neo4j leg.

A test that reaches the server through a fixture of its own (not the shared ``store``
fixture) has to mark its Neo4j parameter; the contract suite once did not, and the fast
tier started a Neo4j server. tests/conftest.py now refuses such a parameter when it
collects; these tests check both the tier and that refusal.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _collect(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_contract_suites_neo4j_leg_is_outside_the_fast_tier() -> None:
    proc = _collect("tests/api/test_contract.py", "-m", "not neo4j and not browser")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    selected = [line for line in proc.stdout.splitlines() if "::" in line]
    assert selected and all("[embedded]" in t for t in selected), selected
    assert "deselected" in proc.stdout


def test_an_unmarked_neo4j_parameter_is_refused(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom tests.conftest import *  # noqa\n"
        "from tests.conftest import pytest_collection_modifyitems, pytest_itemcollected  # noqa\n"
    )
    (tmp_path / "test_leg.py").write_text(
        "import pytest\n\n"
        '@pytest.mark.parametrize("backend", ["embedded", "neo4j"])\n'
        "def test_leg(backend):\n    assert backend\n"
    )
    proc = _collect(str(tmp_path), cwd=tmp_path)
    assert proc.returncode != 0
    assert "a Neo4j parameter without the neo4j marker" in proc.stdout + proc.stderr
