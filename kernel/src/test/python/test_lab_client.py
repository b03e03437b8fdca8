"""JupyterLab 4's own kernel client, @jupyterlab/services in Node with `ws`, drives each kernel through a
real Jupyter server (Debian's jupyter-server): protocol 5.5 and subshells the way JupyterLab's subshell
console uses them (a second connection cloned with a subshell id), the host's `ask` answered with the
client's ordinary `comm.send` with comms over subshells and without, interrupt, restart.

The driver is kernel/src/test/lab/lab_client.mjs (tools/test installs the pinned packages into
build/lab-client); this module owns the server and turns each check the driver reports into a test.
"""
import json
import pathlib

import pytest

from conftest import KERNELS
from served import JupyterServer, run_driver

ROOT = pathlib.Path(__file__).resolve().parents[4]
DRIVER = ROOT / "kernel" / "src" / "test" / "lab" / "lab_client.mjs"
MODULES = ROOT / "build" / "lab-client"
DRIVER_LIMIT = 15 * 60
ASK_HOST = {"roots": ["."], "ask": "host"}  # the scratch folder beside the server's root is not a root


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with JupyterServer(tmp_path_factory.mktemp("lab"), "jupyter_server", "--ServerApp.token",
                       "--ServerApp.root_dir", {"askhost": ASK_HOST}) as started:
        yield started


@pytest.fixture(scope="module", params=KERNELS)
def lab(request, server):
    """What JupyterLab's client saw on one kernel."""
    kernel = request.param
    assert (MODULES / "node_modules" / "@jupyterlab" / "services").is_dir(), \
        f"@jupyterlab/services is not installed in {MODULES}: ./tools/test installs it"
    outside = server.base / f"outside-{kernel}"
    outside.mkdir()
    results = server.base / f"lab-results-{kernel}.json"
    config = server.base / f"lab-driver-{kernel}.json"
    config.write_text(json.dumps({
        "base": server.url, "token": server.token, "kernel": kernel, "askKernel": f"{kernel}-askhost",
        "outside": str(outside), "results": str(results), "modules": str(MODULES)}))
    return run_driver(DRIVER, config, results, DRIVER_LIMIT, f"JupyterLab client checks on {kernel}",
                      lambda: f"server log:\n{server.log_tail()}")


def test_kernel_info_says_protocol_5_5_and_the_client_sees_subshells_offered(lab):
    lab.check("kernel_info")


def test_a_subshell_console_reads_the_progress_of_a_running_main_cell(lab):
    lab.check("subshell_reads_progress")


def test_a_method_declared_on_a_subshell_is_called_by_the_main_shell(lab):
    lab.check("subshell_declarations_reach_the_main_shell")


def test_a_deleted_subshell_leaves_the_list(lab):
    lab.check("subshell_delete")


def test_the_clients_interrupt_stops_a_running_loop(lab):
    lab.check("interrupt")


def test_the_host_answers_ask_with_comm_send_while_comms_run_over_a_subshell(lab):
    lab.check("ask_host_with_comms_over_subshells")


def test_the_host_answers_ask_with_comm_send_with_comms_on_the_shell(lab):
    lab.check("ask_host_with_comms_on_shell")


def test_a_restart_ends_the_subshells_and_the_kernel_answers_again(lab):
    lab.check("restart")
