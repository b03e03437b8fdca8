"""A person at Jupyter Notebook 6 in Chromium, on each kernel: cells typed with the keyboard and run
with Shift+Enter, judged by what the page shows.

The driver is kernel/src/test/browser/notebook.mjs (playwright-core, which tools/test installs into
build/browser-test); this module owns the notebook server and turns each check the driver reports
into a test of its own. Screenshots of every step go to build/browser-screenshots/<kernel>/.
"""
import json
import os
import pathlib
import shutil

import nbformat
import pytest

from conftest import KERNELS
from served import JupyterServer, run_driver

ROOT = pathlib.Path(__file__).resolve().parents[4]
DRIVER = ROOT / "kernel" / "src" / "test" / "browser" / "notebook.mjs"
MODULES = ROOT / "build" / "browser-test"
SCREENSHOTS = ROOT / "build" / "browser-screenshots"
CHROMIUM = "/usr/bin/chromium"  # Debian's package; the driver launches this one, never a downloaded build

if not os.path.exists(CHROMIUM):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}: the browser test is skipped",
                allow_module_level=True)

DRIVER_LIMIT = 30 * 60  # every wait inside the driver is bounded; this bounds the sum of them
ASK_POLICY = {"roots": ["."], "ask": True}  # the JVM temp dir is not a root, so the test can write outside


def write_notebook(path, kernel):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "java"}
    nb.cells.append(nbformat.v4.new_code_cell(""))
    nbformat.write(nb, str(path))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with JupyterServer(tmp_path_factory.mktemp("browser"), "notebook", "--NotebookApp.token", "--notebook-dir",
                       {"ask": ASK_POLICY}) as started:
        yield started


@pytest.fixture(scope="module", params=KERNELS)
def page(request, server):
    """What the driver saw on one kernel."""
    kernel = request.param
    assert (MODULES / "node_modules" / "playwright-core").is_dir(), \
        f"playwright-core is not installed in {MODULES}: ./tools/test installs it"
    write_notebook(server.root / f"checks-{kernel}.ipynb", kernel)
    write_notebook(server.root / f"ask-{kernel}.ipynb", f"{kernel}-ask")
    outside = server.base / f"outside-{kernel}"  # not under the notebook folder, the ask kernel's only root
    outside.mkdir()
    shots = SCREENSHOTS / kernel
    shutil.rmtree(shots, ignore_errors=True)
    results = server.base / f"results-{kernel}.json"
    config = server.base / f"driver-{kernel}.json"
    config.write_text(json.dumps({
        "base": server.url, "token": server.token,
        "notebook": f"checks-{kernel}.ipynb", "askNotebook": f"ask-{kernel}.ipynb",
        "outside": str(outside), "screenshots": str(shots), "results": str(results), "modules": str(MODULES)}))
    return run_driver(DRIVER, config, results, DRIVER_LIMIT, f"browser checks on {kernel}",
                      lambda: f"server log:\n{server.log_tail()}")


def test_a_result_shows_in_the_output_area(page):
    """`6 * 7` shows 42 as the cell's Out[n]."""
    page.check("result")


def test_stdout_shows_under_the_cell(page):
    """`System.out.println("hello")` shows hello as the cell's stdout."""
    page.check("stdout")


def test_an_error_names_the_exception_and_the_cell_line(page):
    """`int x = 1;` then `int y = 1 / 0;` on line 2 shows ArithmeticException and "line 2"."""
    page.check("error_line")


def test_the_interrupt_button_frees_the_kernel_for_the_next_cell(page):
    """`while (true) {}` stopped with the toolbar's interrupt button ends "Interrupted"; then `1 + 1` shows 2."""
    page.check("interrupt")


def test_display_of_html_renders_a_bold_element(page):
    """`display("<b>bold</b>", "text/html");` renders a <b> element reading bold."""
    page.check("html_display")


def test_a_list_of_records_renders_as_a_table(page):
    """A List of records `P(int x, String name)` renders as a <table> with headers x, name and 2 rows."""
    page.check("record_table")


def test_an_xchart_from_maven_renders_as_a_png_image(page):
    """An XYChart from `%maven org.knowm.xchart:xchart:3.8.8` renders as an <img> of data:image/png."""
    page.check("xchart_png")


def test_a_denial_shows_the_audit_message(page):
    """Under the default policy `new ProcessBuilder("true").start()` shows "Audit: process.start blocked ..."."""
    page.check("denial")


def test_ask_lets_the_person_allow_once_and_deny_in_the_input_box(page):
    """With "ask": true a write outside the roots asks in an input box: `o` lets the file be written;
    `d` shows the denial and no file appears."""
    page.check("ask")
