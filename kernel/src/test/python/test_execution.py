"""Cells as a notebook user runs them, through jupyter_client."""
import re

from conftest import kinds


def test_kernel_info_describes_a_java_kernel_on_the_running_jdk(kernel):
    content = kernel.request("kernel_info")["content"]
    assert content["status"] == "ok"
    assert content["protocol_version"] == "5.5"
    assert content["implementation"] == "jaudit"
    info = content["language_info"]
    assert info["name"] == "java"
    assert info["mimetype"] == "text/x-java"
    assert info["file_extension"] == ".java"
    assert info["pygments_lexer"] == "java"
    assert info["codemirror_mode"] == "text/x-java"
    assert re.match(r"\d+", info["version"])
    assert content["banner"] and content["help_links"]


def test_kernel_info_advertises_subshells_and_no_debugger(kernel):
    # JEP 92: frontends enable the debugger or subshells from this list; jaudit has subshells only.
    content = kernel.request("kernel_info")["content"]
    assert content["supported_features"] == ["kernel subshells"]
    assert content["debugger"] is False


def test_an_expression_cell_publishes_its_value_with_the_execution_count(kernel):
    reply, outputs = kernel.run("6 * 7")
    assert reply["status"] == "ok"
    results = kinds(outputs, "execute_result")
    assert len(results) == 1
    assert results[0]["content"]["data"]["text/plain"] == "42"
    assert results[0]["content"]["execution_count"] == reply["execution_count"]
    again, _ = kernel.run("1")
    assert again["execution_count"] == reply["execution_count"] + 1


def test_busy_input_output_idle_arrive_in_order(kernel):
    _, outputs = kernel.run('System.out.println("one");\nSystem.err.println("two");\nSystem.out.println("three");')
    types = [m["msg_type"] for m in outputs]
    assert types[0] == "status" and outputs[0]["content"]["execution_state"] == "busy"
    assert types[1] == "execute_input"
    assert types[-1] == "status" and outputs[-1]["content"]["execution_state"] == "idle"
    text = [(m["content"]["name"], m["content"]["text"]) for m in kinds(outputs, "stream")]
    assert "".join(t for n, t in text if n == "stdout") == "one\nthree\n"
    assert "".join(t for n, t in text if n == "stderr") == "two\n"
    names = [n for n, _ in text]
    assert names.index("stderr") > 0 and names[-1] == "stdout"


def test_output_of_threads_the_cell_starts_is_flushed_before_the_reply(kernel):
    _, outputs = kernel.run(
        "Thread t = new Thread(() -> System.out.println(\"from thread\"));\nt.start();\nt.join();")
    assert "from thread\n" in "".join(m["content"]["text"] for m in kinds(outputs, "stream"))


def test_state_carries_across_cells_with_methods_classes_records_and_generics(kernel):
    kernel.run("record Point(int x, int y) { int sum() { return x + y; } }")
    kernel.run("<T extends Comparable<T>> T max(List<T> xs) { return Collections.max(xs); }")
    reply, outputs = kernel.run("new Point(2, 3).sum() + max(List.of(4, 9, 1))")
    assert reply["status"] == "ok"
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "14"


def test_a_runtime_exception_reports_class_message_and_cell_lines(kernel):
    kernel.run("int half(int n) {\n  if (n < 0) {\n    throw new IllegalArgumentException(\"negative: \" + n);\n  }\n  return n / 2;\n}")
    reply, outputs = kernel.run("int v = -4;\nhalf(v)")
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.IllegalArgumentException"
    assert reply["evalue"] == "negative: -4"
    tb = reply["traceback"]
    assert tb[0] == "java.lang.IllegalArgumentException: negative: -4"
    assert re.search(r"at half \(In\[\d+\], line 3\)", tb[1])
    assert re.search(r"In\[%d\], line 2" % reply["execution_count"], tb[2])
    assert not any("jdk.jshell" in line or "jaudit." in line for line in tb)
    errors = kinds(outputs, "error")
    assert len(errors) == 1 and errors[0]["content"]["ename"] == reply["ename"]


def test_a_compile_error_names_line_and_column_in_the_cell(kernel):
    reply, _ = kernel.run("int fine = 1;\nString s = fine;")
    assert reply["status"] == "error"
    assert reply["ename"] == "CompilationError"
    assert "incompatible types" in reply["evalue"]
    assert re.match(r"In\[\d+\], line 2, column 12: incompatible types", reply["traceback"][0])


def test_the_kernel_survives_stack_overflow_and_out_of_memory(kernel):
    kernel.run("int survivor = 7;")
    reply, _ = kernel.run("int down(int n) { return down(n + 1) + 1; }\ndown(0)")
    assert reply["ename"] == "java.lang.StackOverflowError"
    reply, _ = kernel.run("List<long[]> hog = new ArrayList<>();\nwhile (true) hog.add(new long[50_000_000]);")
    assert reply["ename"] == "java.lang.OutOfMemoryError"
    reply, outputs = kernel.run("survivor * 6")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def test_silent_cells_publish_nothing_and_do_not_count(kernel):
    before, _ = kernel.run("1")
    reply, outputs = kernel.run("2 + 2", silent=True)
    assert reply["status"] == "ok"
    assert kinds(outputs, "execute_input", "execute_result") == []
    after, _ = kernel.run("3")
    assert after["execution_count"] == before["execution_count"] + 1


def test_user_expressions_are_evaluated_after_the_cell(kernel):
    reply, _ = kernel.run("int ue = 5;", user_expressions={"doubled": "ue * 2", "broken": "nope"})
    values = reply["user_expressions"]
    assert values["doubled"] == {"status": "ok", "data": {"text/plain": "10"}, "metadata": {}}
    assert values["broken"]["status"] == "error" and values["broken"]["ename"] == "CompilationError"


def test_after_an_error_queued_cells_are_aborted(kernel):
    kernel.drain_iopub()
    failing = kernel.kc.execute("throw new RuntimeException(\"stop here\");")
    queued = kernel.kc.execute("System.out.println(\"must not run\");")
    assert kernel.reply_to(failing)["content"]["status"] == "error"
    assert kernel.reply_to(queued)["content"]["status"] == "aborted"
    reply, _ = kernel.run("1 + 1")
    assert reply["status"] == "ok"


def test_stop_on_error_false_keeps_queued_cells(kernel):
    failing = kernel.kc.execute("throw new RuntimeException(\"carry on\");", stop_on_error=False)
    queued = kernel.kc.execute("int carried = 1;")
    assert kernel.reply_to(failing)["content"]["status"] == "error"
    assert kernel.reply_to(queued)["content"]["status"] == "ok"


def test_cells_show_rich_output_with_display_helpers(kernel):
    reply, outputs = kernel.run('html("<b>bold</b>");\nmarkdown("*md*");\ndisplay(List.of(1, 2));')
    assert reply["status"] == "ok"
    shown = [m["content"]["data"] for m in kinds(outputs, "display_data")]
    assert shown[0]["text/html"] == "<b>bold</b>"
    assert shown[1]["text/markdown"] == "*md*"
    assert shown[2] == {"text/plain": "[1, 2]"}


def test_an_image_result_is_shown_as_png(kernel):
    reply, outputs = kernel.run("var img = new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg")
    assert reply["status"] == "ok"
    data = kinds(outputs, "execute_result")[0]["content"]["data"]
    import base64
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert "text/plain" in data


def test_clear_output_reaches_the_frontend(kernel):
    _, outputs = kernel.run('System.out.println("old");\nclear(true);\nSystem.out.println("new");')
    types = [m["msg_type"] for m in outputs if m["msg_type"] in ("stream", "clear_output")]
    assert types == ["stream", "clear_output", "stream"]
    assert kinds(outputs, "clear_output")[0]["content"]["wait"] is True


def test_jars_magic_puts_a_jar_on_the_class_path_of_later_cells(kernel, tmp_path):
    from audit_kernel import build_jar
    jar = build_jar(kernel.name, tmp_path, {"org/sample/Greeter.java":
                                            "package org.sample;\npublic class Greeter {\n"
                                            "  public static String hello(String n) { return \"hello \" + n; }\n}\n"})
    reply, outputs = kernel.run(f"%jars {tmp_path}/*.jar\norg.sample.Greeter.hello(\"jar\")")
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"hello jar"'
    reply, _ = kernel.run("%jars /no/such/lib.jar")
    assert reply["status"] == "error"
    assert reply["evalue"] == "%jars: nothing at /no/such/lib.jar"


def test_a_thread_a_cell_started_prints_to_that_cells_request_while_a_later_cell_runs(kernel):
    kernel.drain_iopub()
    first = kernel.kc.execute(
        "var released = new java.util.concurrent.CountDownLatch(1);\n"
        "new Thread(() -> {\n"
        "    try { released.await(); } catch (InterruptedException e) { }\n"
        '    System.out.println("from the first cell\'s thread");\n'
        "}).start();")
    assert kernel.reply_to(first)["content"]["status"] == "ok"
    second = kernel.kc.execute(
        'System.out.println("second, before");\nreleased.countDown();\nThread.sleep(500);\n'
        'System.out.println("second, after");')
    assert kernel.reply_to(second)["content"]["status"] == "ok"
    parents = {}
    while len(parents) < 3:
        msg = kernel.kc.get_iopub_msg(timeout=10)
        if msg["msg_type"] == "stream":
            for line in msg["content"]["text"].splitlines():
                parents[line] = msg["parent_header"]["msg_id"]
    assert parents == {"from the first cell's thread": first, "second, before": second, "second, after": second}
