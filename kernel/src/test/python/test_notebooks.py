"""Every demo notebook runs top to bottom through the repo's notebook runner (nbclient, forwarding each
cell's metadata as JupyterLab does), as CI and the README's main command run them."""
import pathlib
import sys

import nbformat
import pytest

from conftest import KERNELS

ROOT = pathlib.Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "tools"))
import run_notebooks  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def outputs_match_tags(nb):
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code_cells)
    for cell in code_cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors, f"cell tagged raises-exception did not raise: {cell.source}"
        else:
            assert not errors, f"unexpected error in {cell.source}: {errors}"


@pytest.mark.parametrize("kernel_name", KERNELS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_through_the_runner(path, kernel_name):
    nb, error = run_notebooks.run(path, None, kernel_name, timeout=120)
    assert error is None, error
    outputs_match_tags(nb)


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_a_cells_metadata_policy_applies_to_that_cell_and_wins_over_the_runners(kernel_name, tmp_path):
    from nbformat.v4 import new_code_cell, new_notebook
    nb = new_notebook(cells=[
        new_code_cell('new ProcessBuilder("echo", "x").start(); "ran"'),
        new_code_cell('new ProcessBuilder("echo", "x").start(); "ran"', metadata={"audit": {"allow": []},
                                                                               "tags": ["raises-exception"]}),
        new_code_cell('new ProcessBuilder("ls").start(); "ran"', metadata={"tags": ["raises-exception"]}),
        new_code_cell('new ProcessBuilder("echo", "x").start(); "ran"'),
    ])
    path = tmp_path / "precedence.ipynb"
    nbformat.write(nb, path)
    host = {"allow": [{"event": "process.start", "args": ["echo"]}]}
    executed, _ = run_notebooks.run(path, None, kernel_name, timeout=60, host_audit=host)
    kinds = [[o.output_type for o in c.outputs] for c in executed.cells]
    assert kinds == [["execute_result"], ["error"], ["error"], ["execute_result"]]


def test_there_are_demo_notebooks():
    assert {"01-java-basics.ipynb", "02-audit-policy.ipynb", "03-host-policy.ipynb"} <= {p.name for p in NOTEBOOKS}
