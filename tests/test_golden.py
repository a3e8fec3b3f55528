"""What users read stays byte for byte what it was: the seeds' and the demo corpus's
query JSON, every export format, the served views and the explorer pages.

The copies live in tests/fixtures/golden/ (see tests/support/golden.py). When a change
is meant to alter these outputs, regenerate them and review the diff:

    .venv/bin/python -m tests.support.golden
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.golden import CASES, GOLDEN, Case, outputs


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_outputs_are_byte_identical_to_the_golden_copies(case: Case, seeds_dir: Path) -> None:
    found = outputs(case)
    folder = GOLDEN / case.name
    assert sorted(found) == sorted(p.name for p in folder.iterdir())
    for name, text in sorted(found.items()):
        expected = (folder / name).read_bytes().decode("utf-8")
        assert text == expected, (
            f"{case.name}/{name} changed (regenerate: python -m tests.support.golden)"
        )
