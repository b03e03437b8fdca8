"""Kernel subshells (JEP 91, protocol 5.5) through jupyter_client: a subshell's cell runs while the main
shell's cell runs, on the same JShell state, under its own request's policy, and everything it causes
carries its own request as parent. The behaviours ipykernel 7's own subshell tests check, carried over
to Java where they make sense."""
import queue
import time
from collections import defaultdict

import pytest

from conftest import Kernel, KERNELS

SPIN = "long spins = 0;\nwhile (true) { spins++; }"
INTERRUPTED = "jaudit.instrument.CellInterruptedError"


class Client:
    """One jupyter_client connection, with every message the kernel sends gathered by the request it answers."""

    def __init__(self, kernel):
        self.kc = kernel.kc
        self.iopub = defaultdict(list)
        self.replies = {}

    def control(self, msg_type, content=None):
        msg = self.kc.session.msg(msg_type, content or {})
        self.kc.control_channel.send(msg)
        deadline = time.time() + 30
        while True:
            reply = self.kc.get_control_msg(timeout=max(0.1, deadline - time.time()))
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return reply

    def create(self):
        reply = self.control("create_subshell_request")
        assert reply["content"]["status"] == "ok", reply
        return reply["content"]["subshell_id"]

    def listed(self):
        return self.control("list_subshell_request")["content"]["subshell_id"]

    def delete(self, subshell):
        return self.control("delete_subshell_request", {"subshell_id": subshell})["content"]

    def send(self, msg_type, content, subshell=None, metadata=None):
        msg = self.kc.session.msg(msg_type, content, metadata=metadata or {})
        if subshell is not None:
            msg["header"]["subshell_id"] = subshell
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def execute(self, code, subshell=None, metadata=None, stop_on_error=True, allow_stdin=False):
        return self.send("execute_request", dict(code=code, silent=False, store_history=True, user_expressions={},
                                                 allow_stdin=allow_stdin, stop_on_error=stop_on_error),
                         subshell, metadata)

    def pump(self):
        for get, into in ((self.kc.get_iopub_msg, None), (self.kc.get_shell_msg, self.replies)):
            while True:
                try:
                    msg = get(timeout=0.01)
                except queue.Empty:
                    break
                parent = msg["parent_header"].get("msg_id")
                if into is None:
                    self.iopub[parent].append(msg)
                else:
                    into[parent] = msg

    def reply(self, msg_id, timeout=60):
        deadline = time.time() + timeout
        while msg_id not in self.replies:
            assert time.time() < deadline, f"no reply to {msg_id} within {timeout} s"
            self.pump()
        return self.replies[msg_id]

    def finished(self, msg_id, timeout=60):
        """The reply to msg_id, once the kernel has also said idle for it on iopub."""
        reply = self.reply(msg_id, timeout)
        deadline = time.time() + timeout
        while not any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                      for m in self.iopub[msg_id]):
            assert time.time() < deadline, f"no idle for {msg_id}"
            self.pump()
        return reply

    def running(self, msg_id, timeout=60):
        """Waits until the cell of msg_id has announced its input: it is then running."""
        deadline = time.time() + timeout
        while not any(m["msg_type"] == "execute_input" for m in self.iopub[msg_id]):
            assert time.time() < deadline, f"{msg_id} never started"
            self.pump()

    def value(self, code, subshell=None):
        msg_id = self.execute(code, subshell)
        reply = self.finished(msg_id)
        assert reply["content"]["status"] == "ok", reply["content"]
        return [m for m in self.iopub[msg_id] if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]

    def printed(self, msg_id):
        return "".join(m["content"]["text"] for m in self.iopub[msg_id]
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


@pytest.fixture(scope="module", params=KERNELS)
def client(request):
    kernel = Kernel(request.param)
    yield Client(kernel)
    kernel.stop()


@pytest.fixture
def subshell(client):
    made = client.create()
    yield made
    client.delete(made)


def test_kernel_info_offers_kernel_subshells_on_shell_and_on_control(client):
    on_shell = client.reply(client.send("kernel_info_request", {}))["content"]
    on_control = client.control("kernel_info_request")["content"]
    for info in (on_shell, on_control):
        assert info["protocol_version"] == "5.5"
        assert "kernel subshells" in info["supported_features"]


def test_subshells_are_created_listed_and_deleted_and_a_deleted_one_refuses_requests(client):
    assert client.listed() == []
    first, second = client.create(), client.create()
    assert first != second
    assert client.listed() == [first, second]
    assert client.delete(first) == {"status": "ok"}
    assert client.listed() == [second]
    refused = client.reply(client.execute("1 + 1", first))["content"]
    assert refused["status"] == "error" and refused["ename"] == "SubshellNotFound"
    assert first in refused["evalue"]
    assert client.delete(first)["status"] == "error"
    assert client.delete(second) == {"status": "ok"}
    assert client.listed() == []


def test_a_subshell_is_created_while_the_main_shell_runs_a_cell(client):
    sleeping = client.execute("Thread.sleep(1000);")
    client.running(sleeping)
    made = client.control("create_subshell_request")
    assert made["content"]["status"] == "ok"
    slept = client.finished(sleeping)
    assert slept["content"]["status"] == "ok"
    assert made["header"]["date"] < slept["header"]["date"], "create_subshell waited for the main shell's cell"
    assert client.delete(made["content"]["subshell_id"]) == {"status": "ok"}


def test_a_subshell_reads_a_counter_the_main_shells_running_cell_increments(client, subshell):
    client.value("long counter = 0;\nvar gate = new java.util.concurrent.CountDownLatch(1);\n1")
    main = client.execute('System.out.println("main started");\n'
                          "while (gate.getCount() > 0) { counter++; Thread.sleep(2); }\n"
                          'System.out.println("main done");')
    client.running(main)
    first = int(client.value("counter", subshell))
    time.sleep(0.3)
    second = int(client.value("counter", subshell))
    assert 0 < first < second, (first, second)
    assert main not in client.replies, "the main cell ended before the subshell let it"
    release = client.execute('gate.countDown();\nSystem.out.println("released");', subshell)
    assert client.finished(release)["content"]["status"] == "ok"
    assert client.finished(main)["content"]["status"] == "ok"
    assert client.printed(main) == "main started\nmain done\n"
    assert client.printed(release) == "released\n"


def test_declarations_made_in_a_subshell_are_visible_to_later_main_shell_cells_and_back(client, subshell):
    client.value("String greeting = \"hello\";\n1")
    assert client.value('record Pair(String a, String b) { }\n'
                        'String joined(Pair p) { return p.a() + " " + p.b(); }\n'
                        'joined(new Pair(greeting, "subshell"))', subshell) == '"hello subshell"'
    assert client.value('joined(new Pair("main", "sees it"))') == '"main sees it"'


def test_each_shell_counts_its_own_cells_and_its_replies_name_their_subshell(client, subshell):
    main_count = client.finished(client.execute("int countedOnMain = 1;"))["content"]["execution_count"]
    first = client.execute("int countedOnSubshell = 1;", subshell)
    second = client.execute("countedOnSubshell + 1", subshell)
    assert client.finished(first)["content"]["execution_count"] == 1
    reply = client.finished(second)
    assert reply["content"]["execution_count"] == 2
    assert reply["parent_header"]["subshell_id"] == subshell
    inputs = [m["content"]["execution_count"] for m in client.iopub[second] if m["msg_type"] == "execute_input"]
    assert inputs == [2]
    statuses = [(m["content"]["execution_state"], m["parent_header"]["subshell_id"]) for m in client.iopub[second]
                if m["msg_type"] == "status"]
    assert statuses == [("busy", subshell), ("idle", subshell)]
    assert client.finished(client.execute("countedOnMain"))["content"]["execution_count"] == main_count + 1


def test_output_of_two_shells_running_at_once_never_crosses(client, subshell):
    client.value("var together = new java.util.concurrent.CyclicBarrier(2);\n1")
    # The shells share one JShell: each cell names its own helper.
    cell = ('together.await();\n'
            'Thread {0}Helper = new Thread(() -> {{ for (int i = 0; i < 200; i++) System.out.println("{0} " + i); }});\n'
            '{0}Helper.start();\n'
            'for (int i = 0; i < 200; i++) System.out.println("{0} " + i);\n'
            '{0}Helper.join();')
    main = client.execute(cell.format("main"))
    sub = client.execute(cell.format("sub"), subshell)
    assert client.finished(main)["content"]["status"] == "ok", client.replies[main]["content"]
    assert client.finished(sub)["content"]["status"] == "ok", client.replies[sub]["content"]
    for msg_id, name in ((main, "main"), (sub, "sub")):
        lines = client.printed(msg_id).splitlines()
        assert len(lines) == 400 and all(line.startswith(name + " ") for line in lines), lines[:5]


def test_stop_on_error_aborts_only_the_failing_shells_queue(client, subshell):
    failing = client.execute('Thread.sleep(500);\nthrow new IllegalStateException("stop here");', subshell)
    aborted = client.execute('System.out.println("never");', subshell)
    main = client.execute("Thread.sleep(800);\n\"main\"")
    after_main = client.execute('"main again"')
    assert client.finished(failing)["content"]["status"] == "error"
    assert client.finished(aborted)["content"]["status"] == "aborted"
    assert client.finished(main)["content"]["status"] == "ok"
    assert client.finished(after_main)["content"]["status"] == "ok"
    assert client.value('"subshell again"', subshell) == '"subshell again"'


def test_an_interrupt_stops_the_running_cells_of_every_shell(client, subshell):
    client.value("int keptThroughInterrupt = 41;\n1")
    main = client.execute(SPIN)
    sub = client.execute(SPIN, subshell)
    client.running(main)
    client.running(sub)
    assert client.control("interrupt_request")["content"]["status"] == "ok"
    for msg_id in (main, sub):
        reply = client.finished(msg_id, timeout=30)["content"]
        assert reply["status"] == "error" and reply["ename"] == INTERRUPTED, reply
    assert client.value("keptThroughInterrupt + 1", subshell) == "42"
    assert client.value("keptThroughInterrupt + 1") == "42"


def test_a_cell_still_being_stopped_does_not_stop_another_shells_new_cell(client, subshell):
    # A thread of the subshell holds a monitor for 3 s, through interrupts; the main cell waits to
    # enter it, where neither the interrupt nor a checkpoint reaches, so the main cell's stop stays
    # pending while the subshell starts its next cell.
    client.value("Object heldMonitor = new Object();\n"
                 "new Thread(() -> { synchronized (heldMonitor) { long end = System.currentTimeMillis() + 3000;\n"
                 "  while (System.currentTimeMillis() < end) { try { Thread.sleep(20); } "
                 "catch (InterruptedException e) { } } } }).start();\nThread.sleep(200);\n1", subshell)
    main = client.execute('System.out.println("entering");\nsynchronized (heldMonitor) { }\n'
                          "long afterMonitor = 0;\nwhile (true) { afterMonitor++; }")
    deadline = time.time() + 60
    while client.printed(main) != "entering\n":
        assert time.time() < deadline, "the main cell never reached the monitor"
        client.pump()
    time.sleep(0.3)
    client.control("interrupt_request")
    started = time.time()
    assert client.value("20 + 22", subshell) == "42"
    assert main not in client.replies and time.time() - started < 2.5, "the main cell ended before the check"
    reply = client.finished(main, timeout=30)["content"]
    assert reply["status"] == "error" and reply["ename"] == INTERRUPTED, reply


def test_a_slow_tostring_on_a_subshell_does_not_hold_up_the_main_shells_cells(client, subshell):
    client.value("var shownLatch = new java.util.concurrent.CountDownLatch(1);\n"
                 "record SlowToShow() { public String toString() { System.out.println(\"rendering\");\n"
                 "  try { shownLatch.await(); } catch (InterruptedException e) { } return \"shown at last\"; } }\n1")
    slow = client.execute("new SlowToShow()", subshell)
    deadline = time.time() + 60
    while "rendering" not in client.printed(slow):
        assert time.time() < deadline, "the subshell's value was never rendered"
        client.pump()
    assert client.value("shownLatch.countDown();\n\"released\"") == '"released"'
    assert client.finished(slow)["content"]["status"] == "ok"
    results = [m for m in client.iopub[slow] if m["msg_type"] == "execute_result"]
    assert results[0]["content"]["data"]["text/plain"] == "shown at last"


def test_completion_and_inspection_on_a_subshell_answer_while_the_main_shell_computes(client, subshell):
    client.value("String completeMe = \"x\";\n1")
    main = client.execute(SPIN)
    client.running(main)
    complete = client.reply(client.send("complete_request", {"code": "completeMe.toUpp", "cursor_pos": 16},
                                        subshell), timeout=10)["content"]
    inspect = client.reply(client.send("inspect_request", {"code": "Math.max", "cursor_pos": 8, "detail_level": 0},
                                       subshell), timeout=10)["content"]
    ready = client.reply(client.send("is_complete_request", {"code": "class A {"}, subshell), timeout=10)["content"]
    history = client.reply(client.send("history_request", {"output": False, "raw": True, "hist_access_type": "tail",
                                                           "n": 5}, subshell), timeout=10)["content"]
    assert main not in client.replies, "the spinning cell ended on its own"
    assert "toUpperCase(" in complete["matches"]
    assert inspect["found"] and "max" in inspect["data"]["text/plain"]
    assert ready["status"] == "incomplete"
    assert history["status"] == "ok"
    client.control("interrupt_request")
    assert client.finished(main)["content"]["ename"] == INTERRUPTED


def test_a_denial_in_a_subshell_names_the_subshell_and_the_audit_log_shows_it(client, subshell):
    denied = client.execute('new ProcessBuilder("true").start()', subshell)
    reply = client.finished(denied)["content"]
    label = f"(subshell {subshell[:8]})"
    assert reply["status"] == "error" and "Audit: process.start blocked" in reply["evalue"], reply
    assert label in reply["evalue"], reply["evalue"]
    log = client.value("%audit log 1")
    assert "process.start" in log and label in log, log


def test_each_shell_runs_under_its_own_requests_policy(client, subshell):
    allow_true = {"audit": {"allow": [{"event": "process.start", "args": ["true"]}]}}
    client.value("var policyGate = new java.util.concurrent.CountDownLatch(1);\n1")
    main = client.execute("policyGate.await();\n"
                          'new ProcessBuilder("true").start().waitFor()', metadata=allow_true)
    client.running(main)
    denied = client.finished(client.execute('new ProcessBuilder("true").start().waitFor()', subshell))["content"]
    assert denied["status"] == "error" and "Audit: process.start blocked" in denied["evalue"], denied
    client.finished(client.execute("policyGate.countDown();", subshell))
    allowed = client.finished(main)["content"]
    assert allowed["status"] == "ok", allowed


def test_input_asked_from_a_subshell_carries_the_subshells_request(client, subshell):
    asked = client.execute('new java.util.Scanner(System.in).nextLine().toUpperCase()', subshell, allow_stdin=True)
    request = client.kc.get_stdin_msg(timeout=30)
    assert request["msg_type"] == "input_request"
    assert request["parent_header"]["msg_id"] == asked
    assert request["parent_header"]["subshell_id"] == subshell
    client.kc.input("typed in the subshell")
    client.finished(asked)
    results = [m for m in client.iopub[asked] if m["msg_type"] == "execute_result"]
    assert results[0]["content"]["data"]["text/plain"] == '"TYPED IN THE SUBSHELL"'


def test_a_kernel_with_a_busy_subshell_shuts_down(fresh_kernel):
    client = Client(fresh_kernel)
    busy = client.create()
    client.running(client.execute(SPIN, busy))
    client.control("shutdown_request", {"restart": False})
    deadline = time.time() + 15
    while fresh_kernel.km.is_alive():
        assert time.time() < deadline, "the kernel is still alive 15 s after shutdown"
        time.sleep(0.1)
