"""A Jupyter web server on loopback for the tests that drive jaudit the way a web frontend does (Notebook 6
in Chromium, JupyterLab 4's kernel client in Node), and the verdicts of the Node driver that does it."""
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request

import pytest

from audit_kernel import install_policy_kernel
from conftest import KERNELS

SERVER_START = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """`python3 -m <app>` on loopback with a token, a scratch root folder and its own config; each
    kernelspec under test is also installed as `<kernel>-<label>` with the policies given."""

    def __init__(self, base, app, token_option, root_option, policies):
        self.base = base
        self.root = base / "root"
        self.root.mkdir()
        self.kernels = base / "jupyter"
        for kernel in KERNELS:
            for label, audit in policies.items():
                install_policy_kernel(kernel, self.kernels, f"{kernel}-{label}", audit)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / f"{app}.log"
        env = dict(os.environ,
                   JUPYTER_PATH=os.pathsep.join([str(self.kernels), os.environ.get("JUPYTER_PATH", "")]),
                   # the person's own Jupyter config and state must not change what the client sees
                   JUPYTER_CONFIG_DIR=str(base / "config"),
                   JUPYTER_DATA_DIR=str(base / "data"),
                   JUPYTER_RUNTIME_DIR=str(base / "runtime"))
        self.log = open(self.log_path, "w")
        as_root = ["--allow-root"] if os.geteuid() == 0 else []  # CI runs as root; the server refuses without it
        self.process = subprocess.Popen(
            ["/usr/bin/python3", "-m", app, "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             "--port-retries=0", f"{token_option}={self.token}", f"{root_option}={self.root}", *as_root],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            self.wait_until_up(app)
        except BaseException:
            self.stop()
            raise

    def wait_until_up(self, app):
        deadline = time.monotonic() + SERVER_START
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{app} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{app} did not answer within {SERVER_START} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def log_tail(self, lines=40):
        if not self.log.closed:
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # the server shuts its kernels down on SIGTERM
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def run_driver(driver, config, results, limit, what, context=lambda: ""):
    """Runs a Node driver with its config file, within `limit` seconds; what it reported in `results`.
    `context` tells, should the driver stop early, what else there is to know (a server's log)."""
    started = time.monotonic()
    try:
        run = subprocess.run(["node", str(driver), str(config)], capture_output=True, text=True,
                             timeout=limit, stdin=subprocess.DEVNULL)
        ended, stderr = f"exit status {run.returncode}", run.stderr
    except subprocess.TimeoutExpired as e:
        ended, stderr = f"no end within {limit} s", e.stderr or ""
    print(f"\n{what}: {time.monotonic() - started:.1f} s")
    return Verdicts(json.loads(results.read_text()) if results.exists() else {}, ended, stderr, context)


class Verdicts:
    """What a Node driver reported per check, and how it ended, for checks it never reached."""

    def __init__(self, outcomes, ended, stderr, context):
        self.outcomes, self.ended, self.stderr, self.context = outcomes, ended, stderr, context

    def check(self, name):
        """Passes when the driver saw what check `name` expects; fails with what it saw instead."""
        outcome = self.outcomes.get(name)
        if outcome is None:
            pytest.fail(f"the driver stopped before check '{name}' ({self.ended}):\n{self.stderr[-3000:]}\n"
                        f"{self.context()}", pytrace=False)
        if not outcome["ok"]:
            pytest.fail(f"{name}: {outcome['message']}", pytrace=False)
