"""`"ask": "host"`: the host's own code, not a person, decides a denial. The kernel sends the denial
as a comm_msg on the jaudit.audit comm (parented by the cell's execute_request) and waits; the host
answers once, for the session, or deny, on the control channel or on shell (where JupyterLab's
comm.send puts it: the shell channel answers comms while a cell runs). No answer, a closed comm or an
interrupt means deny, and every decision is in the audit log."""
import json
import threading
import time

import pytest

from audit_kernel import java_path, start_policy_kernel
from conftest import KERNELS


@pytest.fixture(params=KERNELS)
def host(request, tmp_path):
    log = tmp_path / "logs" / "audit.jsonl"
    kernel = start_policy_kernel(request.param, tmp_path, "ask-host", {"enabled": True, "roots": ["."], "ask": "host",
                                 "ask_timeout": 3, "log": str(log)}, ("project", "outside"))
    kernel.log = log
    yield kernel
    kernel.stop()


def open_comm(kernel, comm_id="audit-1"):
    kernel.kc.shell_channel.send(kernel.kc.session.msg(
        "comm_open", {"comm_id": comm_id, "target_name": "jaudit.audit", "data": {}}))
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=10)
        if msg["msg_type"] == "comm_msg" and msg["content"]["comm_id"] == comm_id:
            return


def answer_on_control(kernel, comm_id, question, decision):
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": comm_id,
                                             "data": {"answer": {"id": question["id"], "decision": decision}}})
    kernel.kc.control_channel.send(msg)


def answer_on_shell(kernel, comm_id, question, decision):
    """As a JupyterLab extension's comm.send() does: comm messages go on the shell channel."""
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": comm_id,
                                             "data": {"answer": {"id": question["id"], "decision": decision}}})
    kernel.kc.shell_channel.send(msg)


def run_answering(kernel, code, decide, comm_id="audit-1", answer=answer_on_control):
    """Runs `code`; each question that reaches the output hook is answered with decide(question)."""
    questions, outputs = [], []

    def hook(msg):
        outputs.append(msg)
        if msg["msg_type"] == "comm_msg" and "ask" in msg["content"]["data"]:
            question = msg["content"]["data"]["ask"]
            questions.append(question)
            decision = decide(question)
            if decision is not None:
                answer(kernel, comm_id, question, decision)

    reply = kernel.kc.execute_interactive(code, timeout=60, output_hook=hook)
    return reply["content"], questions, outputs


def records(kernel):
    return [json.loads(line) for line in kernel.log.read_text().splitlines()]


def test_the_host_allows_once_and_is_asked_again_next_time(host):
    open_comm(host)
    target = host.outside / "once.txt"
    code = f'Files.writeString(Path.of("{java_path(target)}"), "x");'
    reply, questions, _ = run_answering(host, code, lambda q: "once")
    assert reply["status"] == "ok", reply
    assert target.read_text() == "x"
    assert len(questions) == 1
    question = questions[0]
    assert question["event"] == "file.write" and question["args"][0] == str(target)
    assert question["where"].endswith("line 1") and question["message"].startswith("Audit: file.write blocked")
    target.unlink()
    reply, questions, _ = run_answering(host, code, lambda q: "once")
    assert reply["status"] == "ok" and len(questions) == 1
    assert [r["by"] for r in records(host)] == ["ask host: allowed once", "ask host: allowed once"]


def test_the_host_may_answer_on_the_shell_channel_the_running_cell_came_on(host):
    open_comm(host)
    target = host.outside / "on-shell.txt"
    code = f'Files.writeString(Path.of("{java_path(target)}"), "shell");'
    reply, questions, _ = run_answering(host, code, lambda q: "once", answer=answer_on_shell)
    assert reply["status"] == "ok", reply
    assert target.read_text() == "shell"
    assert len(questions) == 1
    assert records(host)[-1]["by"] == "ask host: allowed once"


def test_the_host_allows_for_the_session_and_is_not_asked_again(host):
    open_comm(host)
    code = f'Files.writeString(Path.of("{java_path(host.outside / "session.txt")}"), "x");'
    reply, questions, _ = run_answering(host, code, lambda q: "session")
    assert reply["status"] == "ok" and len(questions) == 1
    reply, questions, _ = run_answering(host, code, lambda q: "deny")
    assert reply["status"] == "ok" and questions == []
    assert [r["by"] for r in records(host)] == ["ask host: allowed for this session", "ask: allowed for this session"]


def test_the_host_denies_and_the_cell_fails_with_the_denial(host):
    open_comm(host)
    target = host.outside / "denied.txt"
    reply, questions, _ = run_answering(host, f'Files.writeString(Path.of("{java_path(target)}"), "x");',
                                        lambda q: "deny")
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert not target.exists()
    assert records(host)[-1]["decision"] == "denied" and records(host)[-1]["by"] == "ask host: denied"


def test_no_answer_in_time_or_no_comm_at_all_means_deny(host):
    target = host.outside / "unanswered.txt"
    code = f'Files.writeString(Path.of("{java_path(target)}"), "x");'
    started = time.time()
    reply, questions, _ = run_answering(host, code, lambda q: None)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException" and questions == []
    assert time.time() - started < 3, "with no comm open nobody is asked, and nothing waits"
    open_comm(host)
    started = time.time()
    reply, questions, _ = run_answering(host, code, lambda q: None)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException" and len(questions) == 1
    assert time.time() - started >= 2.5
    assert not target.exists()
    assert records(host)[-1]["by"] == "ask host: no answer within 3 s"


def test_closing_the_comm_while_a_question_waits_denies_at_once(host):
    open_comm(host)

    def close_instead(question):
        host.kc.control_channel.send(host.kc.session.msg("comm_close", {"comm_id": "audit-1", "data": {}}))
        return None

    started = time.time()
    reply, questions, _ = run_answering(host, f'Files.writeString(Path.of("{java_path(host.outside / "c.txt")}"), "x");',
                                        close_instead)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException" and len(questions) == 1
    assert time.time() - started < 2.5, "the closed comm ended the wait"
    assert records(host)[-1]["by"] == "ask host: no answer within 3 s"
    started = time.time()
    reply, questions, _ = run_answering(host, f'Files.writeString(Path.of("{java_path(host.outside / "d.txt")}"), "x");',
                                        lambda q: "once")
    assert reply["ename"] == "jaudit.policy.AuditDeniedException" and questions == []
    assert time.time() - started < 2.5


def test_an_interrupt_while_the_host_is_asked_denies_and_stops_the_cell(host):
    open_comm(host)
    asked = threading.Event()

    def interrupt(question):
        asked.set()
        host.km.interrupt_kernel()
        return None

    started = time.time()
    reply, questions, _ = run_answering(host, f'Files.writeString(Path.of("{java_path(host.outside / "i.txt")}"), "x");',
                                        interrupt)
    assert asked.is_set()
    assert reply["status"] == "error"
    assert time.time() - started < 2.5, "the interrupt ended the wait"
    assert not (host.outside / "i.txt").exists()
    reply, _ = host.run("1 + 1")
    assert reply["status"] == "ok"


def comm_error(kernel):
    """The next error the kernel reports on the comm."""
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=10)
        if msg["msg_type"] == "comm_msg" and msg["content"]["data"].get("status") == "error":
            return msg["content"]["data"]["message"]


def test_an_answer_to_no_waiting_question_is_refused_on_the_comm(host):
    open_comm(host)
    host.kc.control_channel.send(host.kc.session.msg("comm_msg", {
        "comm_id": "audit-1", "data": {"answer": {"id": "nope", "decision": "once"}}}))
    assert "no question 'nope' is waiting" in comm_error(host)
    host.kc.control_channel.send(host.kc.session.msg("comm_msg", {
        "comm_id": "audit-1", "data": {"answer": {"id": "x", "decision": "maybe"}}}))
    assert "once, session or deny" in comm_error(host)
