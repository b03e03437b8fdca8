"""A person at Jupyter Notebook 6 in Chromium, on each kernel: cells typed with the keyboard and run
with Shift+Enter, judged by what the page shows.

The driver is kernel/src/test/browser/notebook.mjs (playwright-core, which tools/test installs into
build/browser-test); this module owns the notebook server and turns each check the driver reports
into a test of its own. Screenshots of every step go to build/browser-screenshots/<kernel>/.
"""
import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request

import nbformat
import pytest

from audit_kernel import install_policy_kernel
from conftest import KERNELS

ROOT = pathlib.Path(__file__).resolve().parents[4]
DRIVER = ROOT / "kernel" / "src" / "test" / "browser" / "notebook.mjs"
MODULES = ROOT / "build" / "browser-test"
SCREENSHOTS = ROOT / "build" / "browser-screenshots"
CHROMIUM = "/usr/bin/chromium"  # Debian's package; the driver launches this one, never a downloaded build

if not os.path.exists(CHROMIUM):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}: the browser test is skipped",
                allow_module_level=True)

SERVER_START = 60
DRIVER_LIMIT = 30 * 60  # every wait inside the driver is bounded; this bounds the sum of them
ASK_POLICY = {"roots": ["."], "ask": True}  # the JVM temp dir is not a root, so the test can write outside


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(path, kernel):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "java"}
    nb.cells.append(nbformat.v4.new_code_cell(""))
    nbformat.write(nb, str(path))


class NotebookServer:
    """`jupyter notebook` on loopback with a token, a scratch notebook folder and its own config."""

    def __init__(self, base):
        self.base = base
        self.notebooks = base / "notebooks"
        self.notebooks.mkdir()
        self.kernels = base / "jupyter"
        for kernel in KERNELS:
            install_policy_kernel(kernel, self.kernels, f"{kernel}-ask", ASK_POLICY)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / "notebook-server.log"
        env = dict(os.environ,
                   JUPYTER_PATH=os.pathsep.join([str(self.kernels), os.environ.get("JUPYTER_PATH", "")]),
                   # the person's own Jupyter config and state must not change what the page shows
                   JUPYTER_CONFIG_DIR=str(base / "config"),
                   JUPYTER_DATA_DIR=str(base / "data"),
                   JUPYTER_RUNTIME_DIR=str(base / "runtime"))
        self.log = open(self.log_path, "w")
        as_root = ["--allow-root"] if os.geteuid() == 0 else []  # CI runs as root; the server refuses without it
        self.process = subprocess.Popen(
            ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             "--port-retries=0", f"--NotebookApp.token={self.token}", f"--notebook-dir={self.notebooks}", *as_root],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            self.wait_until_up()
        except BaseException:
            self.stop()
            raise

    def wait_until_up(self):
        deadline = time.monotonic() + SERVER_START
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter notebook exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter notebook did not answer within {SERVER_START} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def log_tail(self, lines=40):
        if not self.log.closed:
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # the server shuts its kernels down on SIGTERM
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = NotebookServer(tmp_path_factory.mktemp("browser"))
    yield s
    s.stop()


@pytest.fixture(scope="module", params=KERNELS)
def page(request, server):
    """What the driver saw on one kernel."""
    kernel = request.param
    assert (MODULES / "node_modules" / "playwright-core").is_dir(), \
        f"playwright-core is not installed in {MODULES}: ./tools/test installs it"
    write_notebook(server.notebooks / f"checks-{kernel}.ipynb", kernel)
    write_notebook(server.notebooks / f"ask-{kernel}.ipynb", f"{kernel}-ask")
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
    started = time.monotonic()
    try:
        run = subprocess.run(["node", str(DRIVER), str(config)], capture_output=True, text=True,
                             timeout=DRIVER_LIMIT, stdin=subprocess.DEVNULL)
        ended, stderr = f"exit status {run.returncode}", run.stderr
    except subprocess.TimeoutExpired as e:
        ended, stderr = f"no end within {DRIVER_LIMIT} s", e.stderr or ""
    print(f"\nbrowser checks on {kernel}: {time.monotonic() - started:.1f} s")
    return Seen(json.loads(results.read_text()) if results.exists() else {}, ended, stderr, server)


class Seen:
    """The driver's verdict per check, and how it ended, for checks it never reached."""

    def __init__(self, outcomes, ended, stderr, server):
        self.outcomes, self.ended, self.stderr, self.server = outcomes, ended, stderr, server

    def check(self, name):
        """Passes when the driver saw what check `name` expects; fails with what the page showed instead."""
        outcome = self.outcomes.get(name)
        if outcome is None:
            pytest.fail(f"the browser driver stopped before check '{name}' ({self.ended}):\n{self.stderr[-3000:]}\n"
                        f"notebook server log:\n{self.server.log_tail()}", pytrace=False)
        if not outcome["ok"]:
            pytest.fail(f"{name}: {outcome['message']}", pytrace=False)


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
