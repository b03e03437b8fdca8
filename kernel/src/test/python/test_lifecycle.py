"""Starting, shutting down and restarting, as clients do it."""
import os
import subprocess
import time

from conftest import KERNELS


def test_shutdown_ends_the_process_within_half_a_second_of_the_reply(fresh_kernel):
    proc = fresh_kernel.km.provisioner.process
    reply = fresh_kernel.kc.shutdown(reply=True, timeout=10)
    replied = time.time()
    assert reply["content"]["status"] == "ok"
    while proc.poll() is None and time.time() - replied < 5:
        time.sleep(0.01)
    assert proc.poll() is not None
    assert time.time() - replied < 0.5


def test_restart_gives_a_fresh_kernel_that_answers(fresh_kernel):
    fresh_kernel.run("int beforeRestart = 1;")
    old_pid = fresh_kernel.pid()
    fresh_kernel.km.restart_kernel(now=False)
    fresh_kernel.kc.wait_for_ready(timeout=60)
    assert fresh_kernel.pid() != old_pid
    reply, _ = fresh_kernel.run("beforeRestart")
    assert reply["status"] == "error" and reply["ename"] == "CompilationError"
    reply, _ = fresh_kernel.run("1 + 1")
    assert reply["status"] == "ok"


def test_jupyter_console_runs_a_cell():
    for name in KERNELS:
        result = subprocess.run(
            ["jupyter-console", "--kernel", name, "--simple-prompt", "--ZMQTerminalInteractiveShell.kernel_timeout=60"],
            input="int answer = 6 * 7;\nanswer\nexit\n", capture_output=True, text=True, timeout=120,
            env=dict(os.environ))
        assert "42" in result.stdout, result.stdout + result.stderr
