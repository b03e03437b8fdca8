"""Magics as a JJava user writes them: on any line where a statement may begin, or owning a cell."""
import json
import os
import re

import pytest

from conftest import kinds, stdout


def result(outputs):
    return kinds(outputs, "execute_result")[0]["content"]["data"]


def test_an_unknown_magic_names_itself_and_the_known_ones_instead_of_a_compile_error(kernel):
    reply, _ = kernel.run("%foo bar")
    assert reply["status"] == "error"
    assert reply["ename"] == "UnknownMagic"
    assert reply["evalue"].startswith("%foo (known: ")
    for known in ("%maven", "%jars", "%classpath", "%load", "%time", "%%time", "%lsmagic", "%audit", "%%loadFromPOM"):
        assert known in reply["evalue"]


def test_lsmagic_lists_every_magic_with_its_usage(kernel):
    reply, outputs = kernel.run("%lsmagic")
    assert reply["status"] == "ok"
    text = result(outputs)["text/plain"]
    assert "%maven" in text and "%%time" in text and "%mavenRepo" in text
    assert "<table>" in result(outputs)["text/html"]


def test_a_line_magic_may_follow_comments_and_stand_between_statements(kernel):
    reply, outputs = kernel.run("// first the timing\nint before = 20;\n%time int after = before + 22;\nafter")
    assert reply["status"] == "ok", reply
    assert result(outputs)["text/plain"] == "42"
    assert re.search(r"Wall time: [0-9.]+ (s|ms|µs)", stdout(outputs))


def test_percent_inside_a_text_block_or_a_continued_expression_stays_java(kernel):
    reply, outputs = kernel.run('String t = """\n%notamagic\n""";\nt')
    assert reply["status"] == "ok", reply
    assert result(outputs)["text/plain"] == '"%notamagic\\n"'
    reply, outputs = kernel.run("int m = 17\n% 5;\nm")
    assert reply["status"] == "ok", reply
    assert result(outputs)["text/plain"] == "2"


def test_cell_time_prints_cpu_and_wall_time_after_the_output_and_keeps_the_value(kernel):
    reply, outputs = kernel.run('%%time\nSystem.out.println("working");\nlong sum = 0;\n'
                                'for (int i = 0; i < 100000; i++) sum += i;\nsum')
    assert reply["status"] == "ok", reply
    text = stdout(outputs)
    assert text.startswith("working\n")
    assert re.search(r"CPU times: user [0-9.]+ (s|ms|µs), sys [0-9.]+ (s|ms|µs), total [0-9.]+ (s|ms|µs)\n"
                     r"Wall time: [0-9.]+ (s|ms|µs)\n$", text), text
    assert result(outputs)["text/plain"] == "4999950000"


def test_errors_under_cell_time_name_the_cells_own_line(kernel):
    reply, _ = kernel.run("%%time\nint ok = 1;\nint broken = ;")
    assert reply["status"] == "error"
    assert reply["ename"] == "CompilationError"
    assert ", line 3, column" in "\n".join(reply["traceback"])


def test_a_cell_magic_below_the_first_line_is_a_usage_error(kernel):
    reply, _ = kernel.run("int q = 1;\n%%time")
    assert reply["status"] == "error" and reply["ename"] == "UsageError"
    assert "first line" in reply["evalue"]


def test_the_first_failing_part_stops_the_cell(kernel):
    reply, outputs = kernel.run('System.out.println("ran");\n%jars /no/such.jar\nSystem.out.println("not reached");')
    assert reply["status"] == "error" and reply["evalue"] == "%jars: nothing at /no/such.jar"
    assert stdout(outputs) == "ran\n"


def test_classpath_is_jjavas_name_for_jars(kernel, tmp_path):
    from audit_kernel import build_jar
    jar = build_jar(kernel.name, tmp_path, {"org/cp/Hello.java":
                                            "package org.cp;\npublic class Hello { public static int answer() { return 42; } }\n"})
    reply, outputs = kernel.run(f"%classpath {jar}\norg.cp.Hello.answer()")
    assert reply["status"] == "ok", reply
    assert result(outputs)["text/plain"] == "42"


def test_load_runs_a_jsh_file_and_a_notebooks_code_cells_as_cells(kernel, tmp_path):
    (tmp_path / "helpers.jsh").write_text("int twice(int x) { return 2 * x; }\nint loadedValue = twice(21);\n")
    reply, outputs = kernel.run(f"%load {tmp_path}/helpers.jsh\nloadedValue")
    assert reply["status"] == "ok", reply
    assert result(outputs)["text/plain"] == "42"
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["not code"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["String fromNotebook = \"nb\";\n", "System.out.println(\"cell one\");"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "%time String second = fromNotebook + \"2\";"}]}
    (tmp_path / "lib.ipynb").write_text(json.dumps(notebook))
    reply, outputs = kernel.run(f"%load {tmp_path}/lib.ipynb\nsecond")
    assert reply["status"] == "ok", reply
    assert stdout(outputs).startswith("cell one\n")
    assert result(outputs)["text/plain"] == '"nb2"'
    reply, _ = kernel.run("%load /no/such/file.jsh")
    assert reply["status"] == "error" and "cannot read /no/such/file.jsh" in reply["evalue"]


def test_load_finds_a_file_by_its_name_without_the_extension(kernel, tmp_path):
    (tmp_path / "steps.jsh").write_text("int steps = 3;\n")
    reply, outputs = kernel.run('System.getProperty("user.dir")')
    working_directory = json.loads(result(outputs)["text/plain"])
    relative = os.path.relpath(tmp_path / "steps", working_directory)
    reply, outputs = kernel.run(f"%load {relative}\nsteps")
    assert reply["status"] == "ok", reply
    assert result(outputs)["text/plain"] == "3"

    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": "int fromNotebook = 4;"}]}
    (tmp_path / "setup.ipynb").write_text(json.dumps(notebook))
    reply, outputs = kernel.run(f"%load {tmp_path}/setup\nfromNotebook")
    assert reply["status"] == "ok", reply
    assert result(outputs)["text/plain"] == "4"

    # A file of that very name comes first.
    (tmp_path / "plain").write_text("int plain = 5;\n")
    (tmp_path / "plain.jsh").write_text("int plain = 6;\n")
    reply, outputs = kernel.run(f"%load {tmp_path}/plain\nplain")
    assert result(outputs)["text/plain"] == "5"


def test_load_without_an_extension_names_what_it_tried_or_what_it_could_not_choose_between(kernel, tmp_path):
    reply, _ = kernel.run(f"%load {tmp_path}/nothing")
    assert reply["status"] == "error"
    assert reply["evalue"] == (f"%load: no file nothing in {tmp_path} "
                               "(tried nothing, nothing.jsh, nothing.java, nothing.ipynb)")
    (tmp_path / "both.jsh").write_text("int both = 1;\n")
    (tmp_path / "both.java").write_text("int both = 2;\n")
    reply, _ = kernel.run(f"%load {tmp_path}/both")
    assert reply["status"] == "error"
    assert reply["evalue"] == f"%load: both could be both.jsh or both.java in {tmp_path}: name one"
    reply, outputs = kernel.run(f"%load {tmp_path}/both.java\nboth")
    assert result(outputs)["text/plain"] == "2"


def test_completion_after_a_percent_offers_magic_names(kernel):
    code = "int a = 1;\n%ma"
    content = kernel.request("complete", code, len(code))["content"]
    assert content["matches"] == ["%maven", "%mavenRepo"]
    assert content["cursor_start"] == len(code) - 3
    content = kernel.request("complete", "%%ti", 4)["content"]
    assert content["matches"] == ["%%time"]


@pytest.mark.parametrize("code,status", [
    ("%maven org.apache.commons:commons-csv:1.14.1", "complete"),
    ("// libraries\n%maven a:b:1\nint x = 1;", "complete"),
    ("%maven a:b:1\nvoid m() {", "incomplete"),
    ("int y = 2;\n%time y++;", "complete"),
    ("%%time\nint x = 1;", "complete"),
    ("%maven a:b:1\nimport = 7q;", "invalid"),
])
def test_is_complete_judges_the_java_around_magic_lines(kernel, code, status):
    content = kernel.reply_to(kernel.kc.is_complete(code))["content"]
    assert content["status"] == status
