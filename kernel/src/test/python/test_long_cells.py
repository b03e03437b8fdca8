"""Cells of many statements, as people and LLMs write them, behave exactly as if each statement were
its own snippet: runs of plain statements compile together, and nothing of JShell's semantics is lost."""
import re
import threading

import pytest

from audit_kernel import PolicyKernel, build_jar, install_policy_kernel, java_path
from conftest import KERNELS, kinds, stdout


def value(outputs):
    results = kinds(outputs, "execute_result")
    return results[0]["content"]["data"]["text/plain"] if results else None


def prints(label, first, last):
    return [f'System.out.println("{label}{k}");' for k in range(first, last + 1)]


def test_a_runtime_failure_in_the_middle_stops_the_later_statements_and_names_its_line(kernel):
    lines = prints("s", 1, 20)
    lines[9] = 'Integer.parseInt("ten");'
    reply, outputs = kernel.run("\n".join(lines))
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.NumberFormatException"
    assert stdout(outputs) == "".join(f"s{k}\n" for k in range(1, 10))
    assert any(f"In[{reply['execution_count']}], line 10" in line for line in reply["traceback"]), reply["traceback"]


def test_a_compile_error_in_the_middle_names_line_and_column_and_the_statements_before_it_ran(kernel):
    kernel.run("List<Integer> tally = new ArrayList<>();")
    lines = [f"tally.add({k});" for k in range(1, 21)]
    lines[6] = 'tally.add("seven");'
    reply, _ = kernel.run("\n".join(lines))
    assert reply["status"] == "error"
    assert reply["ename"] == "CompilationError"
    assert re.match(r"In\[\d+\], line 7, column 11: incompatible types", reply["traceback"][0]), reply["traceback"]
    reply, outputs = kernel.run("tally")
    assert value(outputs) == "[1, 2, 3, 4, 5, 6]"


def test_a_variable_declared_in_the_middle_of_statements_is_visible_to_the_next_cell(kernel):
    lines = prints("a", 1, 6) + ["int middle = 21;"] + prints("b", 1, 6) + ["middle += 0;"]
    reply, outputs = kernel.run("\n".join(lines))
    assert reply["status"] == "ok", reply
    reply, outputs = kernel.run("middle * 2")
    assert value(outputs) == "42"


def test_a_name_redefined_inside_one_cell_takes_its_last_declaration(kernel):
    reply, outputs = kernel.run('int shape = 3;\nshape += 1;\nSystem.out.println(shape);\n'
                                'String shape = "square";\nSystem.out.println(shape);\nshape.length()')
    assert reply["status"] == "ok", reply
    assert stdout(outputs) == "4\nsquare\n"
    assert value(outputs) == "6"
    reply, outputs = kernel.run("shape")
    assert value(outputs) == '"square"'


def test_methods_may_call_methods_declared_later_in_the_same_cell(kernel):
    reply, outputs = kernel.run("int twice(int x) { return laterHelper(x) * 2; }\n"
                                "int laterHelper(int x) { return x + 1; }\ntwice(20)")
    assert reply["status"] == "ok", reply
    assert value(outputs) == "42"


def test_a_long_cell_keeps_its_output_order_and_its_value_is_the_last_expression(kernel):
    lines = []
    for k in range(1, 31):
        lines.append(f'System.out.println("line {k}");')
        if k % 10 == 0:
            lines.append(f"int checkpoint{k} = {k};")
    lines.append("checkpoint10 + checkpoint20 + checkpoint30")
    reply, outputs = kernel.run("\n".join(lines))
    assert reply["status"] == "ok", reply
    assert stdout(outputs) == "".join(f"line {k}\n" for k in range(1, 31))
    assert value(outputs) == "60"


def test_an_interrupt_in_the_middle_of_a_long_cell_stops_it_and_the_later_statements_never_run(kernel):
    kernel.run("int survives = 41;")
    lines = prints("before", 1, 10) + ["while (true) { }"] + prints("after", 1, 10)
    outputs = []

    def interrupt_once_the_loop_is_reached(msg):
        outputs.append(msg)
        if msg["msg_type"] == "stream" and "before10" in msg["content"]["text"]:
            threading.Timer(0.5, kernel.km.interrupt_kernel).start()
    reply = kernel.kc.execute_interactive("\n".join(lines), timeout=30,
                                          output_hook=interrupt_once_the_loop_is_reached)["content"]
    assert reply["status"] == "error"
    assert reply["ename"] == "jaudit.instrument.CellInterruptedError"
    assert stdout(outputs) == "".join(f"before{k}\n" for k in range(1, 11))
    assert any(f"In[{reply['execution_count']}], line 11" in line for line in reply["traceback"]), reply["traceback"]
    reply, outputs = kernel.run("survives + 1")
    assert value(outputs) == "42"


def test_completion_and_inspection_see_a_name_declared_among_statements(kernel):
    kernel.run("\n".join(prints("c", 1, 4) + ['String greetingText = "hi";'] + prints("d", 1, 4)))
    reply = kernel.request("complete", "greetingT", 9)
    assert "greetingText" in reply["content"]["matches"]
    reply = kernel.request("inspect", "greetingText", 12)
    assert reply["content"]["found"] is True


def test_a_jar_added_between_statements_serves_the_statements_after_it(kernel, tmp_path):
    build_jar(kernel.name, tmp_path, {"org/sample/Counter.java":
                                      "package org.sample;\npublic class Counter {\n"
                                      "  public static int next(int n) { return n + 1; }\n}\n"})
    lines = prints("e", 1, 5) + [f"%jars {tmp_path}/*.jar"] + ["int counted = org.sample.Counter.next(41);"] \
        + prints("f", 1, 5) + ["counted"]
    reply, outputs = kernel.run("\n".join(lines))
    assert reply["status"] == "ok", reply
    assert value(outputs) == "42"
    assert stdout(outputs).splitlines()[:5] == [f"e{k}" for k in range(1, 6)]


@pytest.fixture(scope="module", params=KERNELS)
def rooted(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("long-cells")
    project, outside = base / "project", base / "outside"
    project.mkdir()
    outside.mkdir()
    name = request.param + "-long-cells"
    install_policy_kernel(request.param, base / "jupyter", name, {"enabled": True, "roots": ["."], "net": []})
    kernel = PolicyKernel(name, base / "jupyter", project)
    kernel.outside = outside
    yield kernel
    kernel.stop()


def test_a_denial_in_the_twelfth_statement_names_line_12_and_stops_the_cell(rooted):
    target = rooted.outside / "report.txt"
    lines = prints("g", 1, 11) + [f'Files.writeString(Path.of("{java_path(target)}"), "x");'] + prints("h", 1, 8)
    reply, outputs = rooted.run("\n".join(lines))
    assert reply["status"] == "error"
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    evalue = reply["evalue"].splitlines()
    assert evalue[0].startswith("Audit: file.write blocked")
    assert any(line.strip() == f"at: In[{reply['execution_count']}], line 12" for line in evalue), evalue
    assert stdout(outputs) == "".join(f"g{k}\n" for k in range(1, 12))
    assert not target.exists()
