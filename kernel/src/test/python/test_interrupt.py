"""An interrupt really stops a runaway cell, on every supported JDK, and the kernel keeps its state."""
import os
import signal
import threading
import time

import pytest

from conftest import kinds

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def interrupt_after(kernel, seconds, how):
    sent = {}

    def fire():
        time.sleep(seconds)
        sent["at"] = time.time()
        if how == "message":
            kernel.km.interrupt_kernel()
        else:
            os.kill(kernel.pid(), signal.SIGINT)
    threading.Thread(target=fire, daemon=True).start()
    return sent


@pytest.mark.parametrize("how", ["message", "sigint"])
@pytest.mark.parametrize("loop", [
    "while (true) {}",
    "long n = 0;\nfor (long i = 0; ; i++) { try { n += i % 7; } catch (Exception e) { } }",
    "Thread.sleep(600_000);",
    "java.util.stream.IntStream.iterate(0, i -> i + 1).forEach(i -> { });",
])
def test_an_interrupt_stops_the_cell_within_a_second(kernel, how, loop):
    kernel.run("int kept = 41;")
    sent = interrupt_after(kernel, 1.0, how)
    reply, outputs = kernel.run(loop, timeout=30)
    stopped_after = time.time() - sent["at"]
    assert reply["status"] == "error"
    assert reply["ename"] == "jaudit.instrument.CellInterruptedError"
    assert stopped_after < 1.0, f"took {stopped_after:.2f}s"
    assert len(kinds(outputs, "error")) == 1
    reply, outputs = kernel.run("kept + 1")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def test_after_an_interrupt_the_loop_no_longer_burns_cpu(kernel):
    interrupt_after(kernel, 0.5, "message")
    kernel.run("while (true) {}", timeout=30)
    time.sleep(0.3)
    before = cpu_seconds(kernel.pid())
    time.sleep(1.0)
    used = cpu_seconds(kernel.pid()) - before
    assert used < 0.3, f"kernel used {used:.2f}s of CPU in 1s after the interrupt"


def test_an_interrupt_with_no_cell_running_is_harmless(kernel):
    request = kernel.kc.session.msg("interrupt_request", {})
    kernel.kc.control_channel.send(request)
    answer = kernel.kc._recv_reply(request["header"]["msg_id"], timeout=10, channel="control")
    assert answer["content"]["status"] == "ok"
    reply, _ = kernel.run("1 + 1")
    assert reply["status"] == "ok"


def test_an_interrupt_stops_the_first_cell_even_while_it_waits_for_jshell_to_start(fresh_kernel):
    # kernel_info is answered before JShell is up, so the first cell is still waiting for it when
    # its execute_input arrives: the interrupt goes out at that moment.
    sent = {}

    def interrupt_at_input(msg):
        if msg["msg_type"] == "execute_input" and not sent:
            sent["at"] = time.time()
            fresh_kernel.km.interrupt_kernel()
    reply = fresh_kernel.kc.execute_interactive("while (true) {}", timeout=30, output_hook=interrupt_at_input)["content"]
    assert reply["status"] == "error"
    assert reply["ename"] == "jaudit.instrument.CellInterruptedError"
    assert time.time() - sent["at"] < 2.0
    reply, outputs = fresh_kernel.run("6 * 7")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def test_a_cell_that_leaves_its_interrupt_flag_set_still_prints_and_the_kernel_keeps_serving(kernel):
    reply, outputs = kernel.run('Thread.currentThread().interrupt();\nSystem.out.println("still printing");')
    assert "still printing\n" in "".join(m["content"]["text"] for m in kinds(outputs, "stream"))
    assert kernel.value("20 + 22") == "42"


def test_a_loop_interrupted_while_it_prints_leaves_the_kernel_serving(kernel):
    interrupt_after(kernel, 1.0, "message")
    reply, _ = kernel.run('while (true) { System.out.println("line"); }', timeout=30)
    assert reply["ename"] == "jaudit.instrument.CellInterruptedError"
    kernel.drain_iopub()
    assert kernel.value("20 + 22") == "42"
