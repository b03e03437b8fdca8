"""JupyterLab's kernel client over raw ZeroMQ, as VS Code's Jupyter extension talks to a local kernel:
@jupyterlab/services with npm zeromq under it, on a kernel jupyter_client started. The iopub welcome
comes before the first request, an interrupt_request sent on shell stops a running loop, and every
message passes JupyterLab's own validator.

The driver is kernel/src/test/lab/raw_zmq_client.mjs (tools/test installs the pinned packages into
build/lab-client)."""
import json
import pathlib

import pytest
from jupyter_client.manager import KernelManager

from conftest import KERNELS
from served import run_driver

ROOT = pathlib.Path(__file__).resolve().parents[4]
DRIVER = ROOT / "kernel" / "src" / "test" / "lab" / "raw_zmq_client.mjs"
MODULES = ROOT / "build" / "lab-client"


@pytest.fixture(scope="module", params=KERNELS)
def raw(request, tmp_path_factory):
    assert (MODULES / "node_modules" / "zeromq").is_dir(), \
        f"zeromq is not installed in {MODULES}: ./tools/test installs it"
    kernel = KernelManager(kernel_name=request.param)
    kernel.start_kernel()
    base = tmp_path_factory.mktemp("raw")
    results = base / "results.json"
    config = base / "driver.json"
    config.write_text(json.dumps({"connection": kernel.connection_file, "results": str(results),
                                  "modules": str(MODULES)}))
    try:
        yield run_driver(DRIVER, config, results, 5 * 60, f"raw ZeroMQ client checks on {request.param}")
    finally:
        kernel.shutdown_kernel(now=True)


def test_the_iopub_welcome_arrives_before_the_first_request(raw):
    raw.check("welcome_before_first_request")


def test_kernel_info_over_raw_zeromq_says_protocol_5_5_with_subshells(raw):
    raw.check("kernel_info")


def test_an_interrupt_request_sent_on_shell_stops_a_running_loop(raw):
    raw.check("interrupt_on_shell")


def test_every_message_passes_jupyterlabs_validator(raw):
    raw.check("every_message_valid")
