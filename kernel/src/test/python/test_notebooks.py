"""Every demo notebook runs top to bottom through nbclient, as CI and JupyterLab run it."""
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import KERNELS

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parents[4] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("kernel_name", KERNELS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_through_nbclient(path, kernel_name):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=kernel_name, timeout=120, startup_timeout=60).execute()
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code_cells)
    for cell in code_cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors, f"cell tagged raises-exception did not raise: {cell.source}"
        else:
            assert not errors, f"unexpected error in {cell.source}: {errors}"


def test_there_are_demo_notebooks():
    assert any(p.name == "01-java-basics.ipynb" for p in NOTEBOOKS)
