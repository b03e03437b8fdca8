"""The shell channel keeps listening while a cell runs: what needs no cell (kernel_info, comm_info, an
interrupt sent on shell as older VS Code sends it) is answered at once, and execute requests keep
their order behind the running cell."""
import time

from conftest import kinds

SPIN = "long spins = 0;\nwhile (true) { spins++; }"


def wait_until_running(kernel, msg_id):
    """Returns once the cell of execute request msg_id has announced its input (it is then running)."""
    deadline = time.time() + 60
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return


def shell_replies_until(kernel, msg_id, timeout=30):
    """Every shell reply up to and including the one to msg_id, in the order they came."""
    seen = []
    deadline = time.time() + timeout
    while True:
        reply = kernel.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        seen.append(reply)
        if reply["parent_header"].get("msg_id") == msg_id:
            return seen


def stop(kernel, cell):
    kernel.kc.control_channel.send(kernel.kc.session.msg("interrupt_request", {}))
    replies = shell_replies_until(kernel, cell)
    assert replies[-1]["content"]["ename"] == "jaudit.instrument.CellInterruptedError"
    kernel.drain_iopub()


def test_kernel_info_and_comm_info_are_answered_while_a_cell_runs(kernel):
    kernel.drain_iopub()
    cell = kernel.kc.execute(SPIN)
    wait_until_running(kernel, cell)
    info = shell_replies_until(kernel, kernel.kc.kernel_info())
    assert info[-1]["msg_type"] == "kernel_info_reply"
    assert info[-1]["content"]["implementation"] == "jaudit"
    comms = shell_replies_until(kernel, kernel.kc.comm_info())
    assert comms[-1]["msg_type"] == "comm_info_reply" and comms[-1]["content"]["status"] == "ok"
    for reply in info + comms:
        assert reply["parent_header"]["msg_id"] != cell, "answered only after the cell ended"
    stop(kernel, cell)


def test_an_interrupt_request_sent_on_shell_stops_a_running_loop(kernel):
    kernel.run("int keptThroughShellInterrupt = 41;")
    kernel.drain_iopub()
    cell = kernel.kc.execute(SPIN)
    wait_until_running(kernel, cell)
    interrupt = kernel.kc.session.msg("interrupt_request", {})
    kernel.kc.shell_channel.send(interrupt)
    replies = shell_replies_until(kernel, cell)
    types = {r["parent_header"]["msg_id"]: r for r in replies}
    assert types[interrupt["header"]["msg_id"]]["msg_type"] == "interrupt_reply"
    assert types[interrupt["header"]["msg_id"]]["content"]["status"] == "ok"
    assert replies[-1]["content"]["status"] == "error"
    assert replies[-1]["content"]["ename"] == "jaudit.instrument.CellInterruptedError"
    assert kernel.value("keptThroughShellInterrupt + 1") == "42"


def test_execute_requests_keep_their_order_behind_a_running_cell(kernel):
    kernel.drain_iopub()
    first = kernel.kc.execute('Thread.sleep(500);\nSystem.out.println("cell 0");')
    info = kernel.kc.kernel_info()
    later = [kernel.kc.execute(f'System.out.println("cell {i}");') for i in (1, 2)]
    replies = shell_replies_until(kernel, later[-1])
    order = [r["parent_header"]["msg_id"] for r in replies]
    assert [m for m in order if m in [first] + later] == [first] + later
    assert order.index(info) < order.index(first), "kernel_info waited for the sleeping cell"
    printed = []
    deadline = time.time() + 10
    while len(printed) < 3 and time.time() < deadline:
        msg = kernel.kc.get_iopub_msg(timeout=10)
        if msg["msg_type"] == "stream":
            printed.append((msg["parent_header"]["msg_id"], msg["content"]["text"].strip()))
    assert printed == [(first, "cell 0"), (later[0], "cell 1"), (later[1], "cell 2")]


def test_a_failed_cell_still_aborts_the_cells_queued_behind_it(kernel):
    kernel.drain_iopub()
    failing = kernel.kc.execute('Thread.sleep(300);\nthrow new IllegalStateException("stop here");')
    queued = kernel.kc.execute('System.out.println("never");')
    replies = shell_replies_until(kernel, queued)
    by_id = {r["parent_header"]["msg_id"]: r["content"] for r in replies}
    assert by_id[failing]["status"] == "error"
    assert by_id[queued]["status"] == "aborted"
    reply, outputs = kernel.run('System.out.println("after");')
    assert reply["status"] == "ok"
    assert [m["content"]["text"] for m in kinds(outputs, "stream")] == ["after\n"]
