"""What editors ask between cells: completion, inspection, completeness, history, comms, stdin."""
import pytest

from conftest import kinds


def test_completion_offers_members_and_the_range_they_replace(kernel):
    kernel.run('String text = "x";')
    code = "int other = 1;\ntext.toUpp"
    content = kernel.request("complete", code, len(code))["content"]
    assert content["status"] == "ok"
    assert "toUpperCase(" in content["matches"]
    assert content["cursor_start"] == len(code) - len("toUpp")
    assert content["cursor_end"] == len(code)


def test_completion_positions_count_code_points_not_utf16_units(kernel):
    kernel.run('String s = "";')
    code = "String smile = \"😀\"; s.isEm"
    content = kernel.request("complete", code, len(code))["content"]
    assert "isEmpty()" in content["matches"]
    assert content["cursor_start"] == len(code) - len("isEm")


def test_inspect_shows_signatures(kernel):
    content = kernel.request("inspect", "Math.max", 8)["content"]
    assert content["status"] == "ok" and content["found"] is True
    assert "Math.max(int a, int b)" in content["data"]["text/plain"]


def test_inspect_of_nothing_is_not_found(kernel):
    content = kernel.request("inspect", "   ", 1)["content"]
    assert content["status"] == "ok" and content["found"] is False


@pytest.mark.parametrize("code,status", [
    ("int x = 1;", "complete"),
    ("int x = 1", "complete"),
    ("void m() {", "incomplete"),
    ("List.of(1,", "incomplete"),
    ("", "complete"),
])
def test_is_complete_answers_like_jshell(kernel, code, status):
    msg_id = kernel.kc.is_complete(code)
    content = kernel.reply_to(msg_id)["content"]
    assert content["status"] == status
    if status == "incomplete":
        assert "indent" in content


@pytest.mark.parametrize("code", [
    "import = 7q;",
    "int 3x = 1;",
    "x ==== 1;",
    'String s = "a" "b";',
    "void m() { int = 1; }",
    "int x = 1;\nimport = 7q;\nint y = 2;",
    "import = 7q;\nvoid m() {",
])
def test_is_complete_calls_code_that_cannot_parse_invalid(kernel, code):
    content = kernel.reply_to(kernel.kc.is_complete(code))["content"]
    assert content == {"status": "invalid"}


@pytest.mark.parametrize("code", [
    "int z = noSuchName;",
    "break;",
    "a < b",
    "// the usual\nimport java.util.*;",
])
def test_is_complete_leaves_compile_errors_to_execution(kernel, code):
    content = kernel.reply_to(kernel.kc.is_complete(code))["content"]
    assert content["status"] == "complete"


def test_history_supports_tail_range_and_search(kernel):
    kernel.run("int historic = 1;")
    kernel.run("historic + 1")
    tail = kernel.reply_to(kernel.kc.history(hist_access_type="tail", n=2, output=False))["content"]
    assert tail["status"] == "ok"
    assert [entry[2] for entry in tail["history"]] == ["int historic = 1;", "historic + 1"]
    line = tail["history"][1][1]
    ranged = kernel.reply_to(kernel.kc.history(hist_access_type="range", session=0, start=line,
                                               stop=line + 1, output=True))["content"]
    assert ranged["history"] == [[tail["history"][1][0], line, ["historic + 1", "2"]]]
    found = kernel.reply_to(kernel.kc.history(hist_access_type="search", pattern="int hist*", n=5,
                                              output=False))["content"]
    assert [entry[2] for entry in found["history"]] == ["int historic = 1;"]


def test_stdin_round_trip(kernel):
    def answer(msg):
        assert msg["msg_type"] == "input_request"
        kernel.kc.input("Ada")
    reply, outputs = kernel.run(
        "var in = new java.util.Scanner(System.in);\nSystem.out.print(\"name? \");\nString who = in.nextLine();\n"
        "System.out.println(\"hello \" + who);", allow_stdin=True, stdin_hook=answer)
    assert reply["status"] == "ok"
    assert "hello Ada\n" in "".join(m["content"]["text"] for m in kinds(outputs, "stream"))


def test_reading_stdin_without_permission_fails_clearly(kernel):
    reply, _ = kernel.run("new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()",
                          allow_stdin=False)
    assert reply["status"] == "error"
    assert "allow_stdin" in reply["evalue"]


def test_comm_info_is_answered_and_unknown_comms_are_closed(kernel):
    content = kernel.reply_to(kernel.kc.comm_info())["content"]
    assert content == {"status": "ok", "comms": {}}
    kernel.drain_iopub()
    msg = kernel.kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "nobody", "data": {}})
    kernel.kc.shell_channel.send(msg)
    closed = None
    for _ in range(20):
        m = kernel.kc.get_iopub_msg(timeout=5)
        if m["msg_type"] == "comm_close":
            closed = m
            break
    assert closed is not None and closed["content"]["comm_id"] == "c1"
    reply, _ = kernel.run("1")
    assert reply["status"] == "ok"


def test_unknown_message_types_leave_the_kernel_serving(kernel):
    kernel.kc.shell_channel.send(kernel.kc.session.msg("no_such_request", {}))
    reply, _ = kernel.run("2")
    assert reply["status"] == "ok"
