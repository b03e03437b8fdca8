"""The host's policy: per-request metadata, allow rules, host callbacks from host_classpath, data the
host replaces between cells, asking the person through stdin, the audit log and %audit."""
import json
import threading

import pytest

from audit_kernel import PolicyKernel, build_jar, execute, install_policy_kernel, kernel_jar
from conftest import KERNELS, kinds, stdout

HOST = {
    "host/AllowEcho.java": """package host;
import java.util.List;
public class AllowEcho implements jaudit.policy.BeforeDeny {
    public boolean allow(String event, List<Object> args, List<StackTraceElement> frames, String message, Object data) {
        return event.equals("process.start") && String.valueOf(args.get(0)).split(" ")[0].endsWith("echo");
    }
}
""",
    "host/TrustedFrames.java": """package host;
import java.util.List;
/** Allows an event when a method the host trusts (listed in the policy's data) is on the stack. */
public class TrustedFrames implements jaudit.policy.BeforeDeny {
    public boolean allow(String event, List<Object> args, List<StackTraceElement> frames, String message, Object data) {
        if (!(data instanceof List<?> trusted)) return false;
        for (StackTraceElement f : frames) {
            if (trusted.contains(f.getClassName() + "." + f.getMethodName())) return true;
        }
        return false;
    }
}
""",
    "host/Tools.java": """package host;
public class Tools {
    public static String trustedEcho() throws Exception {
        Process p = new ProcessBuilder("echo", "hi").start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }
}
""",
    "host/Calls.java": """package host;
import java.lang.reflect.Method;
public class Calls implements jaudit.policy.OnCall {
    public Decision onCall(String caller, String callee, Method target, Object data) {
        if (callee.endsWith(".hash")) return Decision.SUPPRESS;
        if (callee.endsWith(".size")) return Decision.DISABLE;
        return Decision.RAISE;
    }
}
""",
    "host/Refuses.java": """package host;
import java.util.List;
public class Refuses implements jaudit.policy.BeforeDeny {
    public boolean allow(String event, List<Object> args, List<StackTraceElement> frames, String message, Object data) {
        throw new IllegalStateException("the host refuses " + event + " loudly");
    }
}
""",
    "host/Fast.java": """package host;
public class Fast {
    public static native long hash(String s);
    public static native int size();
    public static native int other();
}
""",
}


@pytest.fixture(scope="module", params=KERNELS)
def host(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("host")
    jar = build_jar(request.param, base / "jar", HOST, classpath=kernel_jar(request.param))
    work = base / "work"
    work.mkdir()
    log = base / "audit.jsonl"
    name = request.param + "-host"
    install_policy_kernel(request.param, base / "jupyter", name,
                          {"roots": ["."], "log": str(log), "host_classpath": [str(jar)],
                           "before_deny": "host.TrustedFrames", "data": ["host.Tools.trustedEcho"]})
    kernel = PolicyKernel(name, base / "jupyter", work)
    reply, _ = kernel.run(f"%jars {jar}")
    assert reply["status"] == "ok", reply
    kernel.jar, kernel.log, kernel.base, kernel.work = jar, log, base, work
    yield kernel
    kernel.stop()


def audit(**keys):
    return {"audit": keys}


def test_a_request_policy_overrides_the_default_for_that_cell_only(host):
    extra = host.base / "extra"
    extra.mkdir()
    code = f'Files.writeString(Path.of("{extra}/f.txt"), "x");'
    reply, _ = execute(host, code, audit(roots=[".", str(extra)]))
    assert reply["status"] == "ok", reply
    reply, _ = execute(host, code)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"


def test_allow_rules_let_one_program_through_and_keep_its_neighbour_denied(host):
    rules = audit(allow=[{"event": "process.start", "args": ["echo"]}])
    reply, _ = execute(host, 'new String(new ProcessBuilder("/bin/echo", "ok").start().getInputStream().readAllBytes())',
                       rules)
    assert reply["status"] == "ok", reply
    reply, _ = execute(host, 'new ProcessBuilder("ls").start()', rules)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert 'to allow: add {"event": "process.start", "args": ["ls"]} to "allow"' in reply["evalue"]


def test_allow_rules_match_native_callees_and_network_peers(host):
    policy = audit(net=[], allow=[{"event": "native.call", "callee": "host.Fast.h*"},
                                  {"event": "net.connect", "args": ["127.0.0.1", "9"]}], before_deny=None)
    reply, _ = execute(host, 'host.Fast.hash("x")', policy)
    assert reply["ename"] == "java.lang.UnsatisfiedLinkError"
    reply, _ = execute(host, "host.Fast.size()", policy)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    reply, _ = execute(host, 'try { new Socket("127.0.0.1", 9).close(); } catch (ConnectException refused) { }', policy)
    assert reply["status"] == "ok", reply
    reply, _ = execute(host, 'new Socket("127.0.0.1", 10)', policy)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"


def test_an_exception_from_before_deny_fails_the_cell_with_that_exception(host):
    reply, _ = execute(host, 'new ProcessBuilder("ls").start();', audit(before_deny="host.Refuses"))
    assert reply["ename"] == "java.lang.IllegalStateException"
    assert reply["evalue"] == "the host refuses process.start loudly"


def test_before_deny_from_the_host_classpath_allows_echo_and_not_ls(host):
    policy = audit(before_deny="host.AllowEcho")
    reply, outputs = execute(host, 'System.out.print(new String(new ProcessBuilder("echo", "hi").start()'
                                   '.getInputStream().readAllBytes()));', policy)
    assert reply["status"] == "ok", reply
    assert stdout(outputs) == "hi\n"
    reply, _ = execute(host, 'new ProcessBuilder("ls").start();', policy)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"


def test_a_frame_based_allow_list_trusts_a_host_helper_and_not_the_same_call_from_the_cell(host):
    reply, outputs = execute(host, "host.Tools.trustedEcho()")
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"hi"'
    reply, _ = execute(host, 'new ProcessBuilder("echo", "hi").start();')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"


def test_callbacks_see_the_data_the_host_replaces_between_cells_and_a_cell_cannot_replace_it(host):
    comm = host.kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "jaudit.audit", "data": {"data": []}})
    host.kc.shell_channel.send(comm)
    answer = host.kc.get_iopub_msg(timeout=10)
    while answer["msg_type"] != "comm_msg":
        answer = host.kc.get_iopub_msg(timeout=10)
    assert answer["content"]["data"] == {"status": "ok"}
    reply, _ = execute(host, "host.Tools.trustedEcho()")
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    reply, _ = execute(host, 'ClassLoader.getSystemClassLoader().loadClass("jaudit.kernel.audit.HostData")'
                             '.getMethod("replace", Object.class).invoke(null, List.of("host.Tools.trustedEcho"))')
    assert "Audit: audit.config blocked by the audit policy with args: [replace the policy's data]" in "\n".join(reply["traceback"])
    reply, _ = execute(host, 'ClassLoader.getSystemClassLoader().loadClass("jaudit.kernel.audit.HostData")'
                             '.getMethod("replace", Object.class).invoke(null, List.of("host.Tools.trustedEcho"))',
                       audit(allow=[{"event": "*"}], before_deny="host.AllowEcho"))
    assert "Audit: audit.config blocked" in "\n".join(reply["traceback"])
    back = host.kc.session.msg("comm_msg", {"comm_id": "c1", "data": {"data": ["host.Tools.trustedEcho"]}})
    host.kc.shell_channel.send(back)
    reply, _ = execute(host, "host.Tools.trustedEcho()")
    assert reply["status"] == "ok", reply


def test_on_call_suppresses_one_call_and_disables_a_call_site(host):
    policy = audit(on_call="host.Calls", before_deny=None)
    reply, _ = execute(host, 'host.Fast.hash("x")', policy)
    assert reply["ename"] == "java.lang.UnsatisfiedLinkError"  # the call went through to the (absent) native code
    before = len(host.log.read_text().splitlines())
    reply, _ = execute(host, "int tries = 0;\nfor (int i = 0; i < 3; i++) { try { host.Fast.size(); } "
                             "catch (UnsatisfiedLinkError e) { tries++; } }\ntries", policy)
    assert reply["status"] == "ok", reply
    sizes = [r for r in map(json.loads, host.log.read_text().splitlines()[before:])
             if r["args"][1:] == ["host.Fast.size"]]
    assert len(sizes) == 1 and sizes[0]["by"] == "on_call host.Calls: DISABLE"
    reply, _ = execute(host, "host.Fast.other()", policy)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"


@pytest.mark.parametrize("audit_keys,message", [
    ({"rootz": []}, "unknown key 'rootz'"),
    ({"allow": [{"event": "process.start", "arg": ["echo"]}]}, "'allow' entry 0 has an unknown key 'arg'"),
    ({"before_deny": "host.Missing"}, "'before_deny' class host.Missing is not on 'host_classpath'"),
    ({"on_call": "host.Calls", "monitor_calls": False}, "'on_call' needs 'monitor_calls': true"),
    ({"log": "audit.jsonl"}, "'log' entry 'audit.jsonl' is relative"),
    ({"ask": "yes"}, "'ask' must be true or false"),
    ({"log": "/proc/no-such-folder/audit.jsonl"}, "'log' /proc/no-such-folder/audit.jsonl cannot be written"),
])
def test_a_bad_request_policy_fails_the_request_naming_the_key_and_runs_nothing(host, audit_keys, message):
    reply, _ = execute(host, "int ranAnyway = 1;", {"audit": audit_keys})
    assert reply["ename"] == "AuditPolicyError"
    assert message in reply["evalue"]
    reply, _ = execute(host, "ranAnyway")
    assert reply["status"] == "error"


def test_a_log_inside_a_writable_root_is_refused(host):
    reply, _ = execute(host, "1", audit(log=str(host.work / "audit.jsonl")))
    assert "'log'" in reply["evalue"] and "inside a writable root" in reply["evalue"]


def answers(*replies):
    """A stdin hook answering successive input_requests; records their prompts."""
    given = list(replies)
    prompts = []

    def hook(kernel):
        def answer(msg):
            prompts.append(msg["content"]["prompt"])
            if given:
                kernel.kc.input(given.pop(0))
        return answer
    return hook, prompts


@pytest.mark.parametrize("choice,first,second", [
    ("o", "ok", "error"), ("s", "ok", "ok"), ("d", "error", "error")])
def test_ask_lets_the_person_allow_once_for_the_session_or_deny(host, choice, first, second, tmp_path):
    target = f"{host.base}/asked-{choice}.txt"
    policy = audit(ask=True, before_deny=None)
    hook, prompts = answers(choice, "d")
    reply, _ = execute(host, f'Files.writeString(Path.of("{target}"), "x");', policy, allow_stdin=True,
                       stdin_hook=hook(host))
    assert reply["status"] == first, reply
    assert "Audit: file.write blocked" in prompts[0] and "[o]nce" in prompts[0]
    reply, _ = execute(host, f'Files.writeString(Path.of("{target}"), "y");', policy, allow_stdin=True,
                       stdin_hook=hook(host))
    assert reply["status"] == second


def test_an_unanswered_question_or_no_stdin_means_deny(host):
    policy = audit(ask=True, ask_timeout=1, before_deny=None)
    reply, _ = execute(host, f'Files.writeString(Path.of("{host.base}/unanswered.txt"), "x");', policy,
                       allow_stdin=True, stdin_hook=lambda msg: None)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    reply, _ = execute(host, f'Files.writeString(Path.of("{host.base}/no-stdin.txt"), "x");', policy)
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    records = [json.loads(line) for line in host.log.read_text().splitlines()]
    assert any(r["by"] == "ask: no answer within 1 s" for r in records)


def test_the_log_keeps_every_record_of_eight_threads_denying_at_once(host):
    before = len(host.log.read_text().splitlines())
    reply, _ = execute(host, """
var threads = new ArrayList<Thread>();
for (int t = 0; t < 8; t++) {
    int id = t;
    threads.add(new Thread(() -> {
        for (int i = 0; i < 25; i++) {
            try { new FileOutputStream("/etc/jaudit-t" + id + "-" + i); } catch (Exception e) { }
        }
    }, "writer-" + t));
}
threads.forEach(Thread::start);
for (var t : threads) t.join();""", audit(before_deny=None))
    assert reply["status"] == "ok", reply
    records = [json.loads(line) for line in host.log.read_text().splitlines()[before:]]
    assert len(records) == 200
    for t in range(8):
        mine = [r["args"][0] for r in records if r["thread"] == f"writer-{t}"]
        assert mine == [f"/etc/jaudit-t{t}-{i}" for i in range(25)]
    assert all(r["decision"] == "denied" and r["event"] == "file.write" and r["cell"] for r in records)


def test_audit_magic_shows_the_merged_policy_and_the_last_records(host):
    execute(host, 'new ProcessBuilder("ls").start();')
    reply, outputs = execute(host, "%audit", audit(net=["localhost:*"]))
    assert reply["status"] == "ok", reply
    data = kinds(outputs, "execute_result")[0]["content"]["data"]
    assert "<table>" in data["text/html"] and "localhost:*" in data["text/html"]
    assert "process.start" in data["text/plain"]
    reply, outputs = execute(host, "%audit log 2")
    text = kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"]
    assert "last 2 audit records" in text
