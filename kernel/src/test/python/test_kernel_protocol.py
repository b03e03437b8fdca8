"""Jupyter's own conformance suite (jupyter_kernel_test) against every kernel under test.

Each kernel named in JAUDIT_TEST_KERNELS gets a KernelTests subclass of its own (TestJaudit_<name>),
so one JDK's failure is reported apart from the other's. The samples are Java, checked against
the message schemas of the suite and against what a frontend expects of each reply.
"""
import re

import jupyter_kernel_test

from conftest import KERNELS


class JavaSamples:
    """Everything jupyter_kernel_test can exercise, written the way a notebook user would."""

    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "Integer.MAX_V", "matches": {"MAX_VALUE"}},
    ]

    complete_code_samples = [
        "int x = 1;",
        "int x = 1",
        "6 * 7",
        "void greet() { System.out.println(\"hi\"); }",
        "import java.time.*;",
        "",
    ]
    incomplete_code_samples = [
        "void m() {",
        "List.of(1,",
        "for (int i = 0; i < 3; i++) {",
        'String s = """\n    a text block, still open',
    ]
    invalid_code_samples = [
        "import = 7q;",
        "int 3x = 1;",
        "x ==== 1;",
    ]

    # No code_page_something: the kernel sends no payloads (execute_reply's payload is always empty),
    # so there is no pager to exercise.

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"hi".repeat(2)', "result": '"hihi"'},
        {"code": "List.of(1, 2)", "result": "[1, 2]"},
    ]
    # Must match one of code_execute_result's codes; history search patterns are globs.
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    # The JJava-compatible display API: display(value, mimeTypes...) shows the value as those types.
    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
    ]

    code_inspect_sample = "Math.max"

    code_clear_output = 'System.out.println("soon gone");\nclear();'



def _kernel_tests(kernel_name):
    class_name = "TestJaudit_" + re.sub(r"\W", "_", kernel_name)
    return class_name, type(class_name, (JavaSamples, jupyter_kernel_test.KernelTests), {"kernel_name": kernel_name})


# pytest collects every TestCase subclass it finds in the module, so each is bound to one name only.
globals().update(_kernel_tests(name) for name in KERNELS)
