"""examples/notebook.ipynb runs, in a real kernel (ipykernel, installed with the project),
and its outputs show the seeds' chain: results and views display themselves."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from nbclient import NotebookClient

from tests.support.paths import EXAMPLES


def test_the_notebook_runs_and_shows_the_chain(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kernel spec for this interpreter (ipykernel is a dev dependency), so the kernel
    # imports the packages installed with the project.
    write_kernel_spec(tmp_path / "kernels" / "citegraph")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("CITEGRAPH_SEEDS", str(seeds_dir))
    notebook = nbformat.read(EXAMPLES / "notebook.ipynb", as_version=4)
    NotebookClient(
        notebook,
        kernel_name="citegraph",
        timeout=300,
        resources={"metadata": {"path": str(EXAMPLES)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    text = "\n".join(str(o.get("text", "")) for o in outputs)
    assert "2 documents ingested" in text
    # The path displays as its chain and its hops, the DataFrame as a table of them.
    assert "RT ⇒ Réseau International ⇒ Mondialisation.ca" in html[0]
    assert "source : VIDEO of fake chemical attack in Syria" in html[0]
    assert "Annexe article publié par RT :" in html[0]
    assert "<table" in html[1] and "translates" in html[1] and "republishes" in html[1]
    assert html[2].startswith("<iframe srcdoc=") and "new vis.Network" in html[2]
    assert "Cascade of RT" in html[3]
