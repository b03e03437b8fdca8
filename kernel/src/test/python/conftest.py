"""Fixtures that start the installed jaudit kernelspecs through jupyter_client.

The kernelspecs to test come from JAUDIT_TEST_KERNELS (comma-separated, default "jaudit");
tools/test installs one kernelspec per JDK into a private JUPYTER_PATH and sets this variable.
"""
import os
import queue
import time

import pytest
from jupyter_client.manager import KernelManager

KERNELS = [k for k in os.environ.get("JAUDIT_TEST_KERNELS", "jaudit").split(",") if k]


class Kernel:
    """A started kernel with helpers that collect what a cell publishes."""

    def __init__(self, name, cwd=None, env=None):
        """Starts kernelspec `name`, in `cwd` (the client's working directory by default), with `env`."""
        self.name = name
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(**({"cwd": str(cwd)} if cwd else {}), **({"env": env} if env else {}))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def run(self, code, timeout=60, **kwargs):
        outputs = []
        reply = self.kc.execute_interactive(
            code, timeout=timeout,
            output_hook=lambda msg: outputs.append(msg), **kwargs)
        return reply["content"], outputs

    def value(self, code, timeout=60):
        """Runs a cell that must succeed; returns the text of its result."""
        reply, outputs = self.run(code, timeout=timeout)
        assert reply["status"] == "ok", reply
        return kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"]

    def request(self, method, *args, **kwargs):
        """Sends a shell request and waits for its reply."""
        msg_id = getattr(self.kc, method)(*args, **kwargs)
        return self.reply_to(msg_id)

    def reply_to(self, msg_id, timeout=30):
        deadline = time.time() + timeout
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def drain_iopub(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return

    def pid(self):
        return self.km.provisioner.process.pid

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def kinds(outputs, *types):
    return [m for m in outputs if m["msg_type"] in types]


def stdout(outputs):
    """What the cell printed to standard output, whole: the kernel may send it in several stream messages."""
    return "".join(m["content"]["text"] for m in kinds(outputs, "stream") if m["content"]["name"] == "stdout")


@pytest.fixture(scope="module", params=KERNELS)
def kernel(request):
    k = Kernel(request.param)
    yield k
    k.stop()


@pytest.fixture(params=KERNELS)
def fresh_kernel(request):
    """A kernel of its own, for tests that shut it down or break it."""
    k = Kernel(request.param)
    yield k
    try:
        k.stop()
    except Exception:
        pass
