"""native.call: calls from cell code and from jars added with %jars into native methods of classes
outside the JDK, and foreign-function downcalls, are denied while monitor_calls is on; every other
call runs as it would unguarded."""
import pytest

from audit_kernel import PolicyKernel, build_jar, install_policy_kernel, java_feature
from conftest import KERNELS, kinds

FAST = """package com.example;
public class Fast {
    public static native long hash(String s);
    public static long hashTwice(String s) { return hash(s) + hash(s); }
    public static int twice(int x) { return x * 2; }
    public native int size();
    public Runnable task() { return () -> System.out.println("ran " + twice(21)); }
}
"""

# Shaped like kotlin-stdlib, whose CollectionsKt.listOf is declared in the non-public CollectionsKt__CollectionsKt.
LISTS_BASE = """package com.example;
class ListsBase {
    public static java.util.List<String> listOf(String... items) { return java.util.List.of(items); }
    public String joined(java.util.List<String> items) { return String.join(",", items); }
}
"""
LISTS = """package com.example;
public class Lists extends ListsBase {}
"""
# Registering is caller-sensitive: on JDK 17 it fails with ClassCastException unless the caller is the loader class.
PARALLEL_LOADER = """package com.example;
public class ParallelLoader extends ClassLoader {
    static { registerAsParallelCapable(); }
}
"""

# As sqlite-jdbc and DuckDB do: the class that declares the natives loads the library in its initialiser.
ENGINE = """package com.example.engine;
public class Engine {
    static { System.load("/opt/engine/libengine-0f8e2c1a-5b7d-4e2f-9a6c-3d1e8b7f4a2c.so"); }
    public static native int version();
}
"""


def start(kernel_name, tmp_path_factory, audit):
    base = tmp_path_factory.mktemp("native")
    jar = build_jar(kernel_name, base / "jar", {
        "com/example/Fast.java": FAST, "com/example/ListsBase.java": LISTS_BASE, "com/example/Lists.java": LISTS,
        "com/example/ParallelLoader.java": PARALLEL_LOADER, "com/example/engine/Engine.java": ENGINE})
    name = f"{kernel_name}-native-{abs(hash(str(audit)))}"
    install_policy_kernel(kernel_name, base / "jupyter", name, audit)
    kernel = PolicyKernel(name, base / "jupyter", base)
    reply, _ = kernel.run(f"%jars {jar}")
    assert reply["status"] == "ok", reply
    return kernel


@pytest.fixture(scope="module", params=KERNELS)
def monitored(request, tmp_path_factory):
    kernel = start(request.param, tmp_path_factory, {"enabled": True, "roots": ["."]})
    yield kernel
    kernel.stop()


@pytest.fixture(scope="module", params=KERNELS)
def unmonitored(request, tmp_path_factory):
    kernel = start(request.param, tmp_path_factory, {"enabled": True, "roots": ["."], "monitor_calls": False})
    yield kernel
    kernel.stop()


def value(outputs):
    return kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"]


def test_a_library_loading_its_native_code_is_denied_at_the_load_naming_both_rules_it_needs(monitored):
    # The class initialiser runs, as the JVM runs it, before the first call into the class: so the
    # load is what the cell meets first, and its one line names the rule for the calls too.
    reply, _ = monitored.run("com.example.engine.Engine.version()")
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.ExceptionInInitializerError"
    text = "\n".join(reply["traceback"])
    assert "Audit: native.load blocked by the audit policy with args: [/opt/engine/libengine-0f8e2c1a-" in text, text
    assert ('to allow: add {"event": "native.load", "args": ["/opt/engine/libengine-*.so"]} and, for the calls '
            'into it, {"event": "native.call", "callee": "com.example.*"} to "allow"') in text, text


def test_java_code_in_a_jar_and_in_cells_is_not_a_native_call(monitored):
    reply, outputs = monitored.run("class Doubler { int apply(int x) { return x * 2; } }\n"
                                   "com.example.Fast.twice(new Doubler().apply(5))")
    assert reply["status"] == "ok", reply
    assert value(outputs) == "20"
    reply, outputs = monitored.run("new com.example.Fast().task().run();")
    assert reply["status"] == "ok", reply
    assert "ran 42" in "".join(m["content"]["text"] for m in kinds(outputs, "stream"))


def test_a_public_method_inherited_from_a_non_public_class_of_a_jar_runs(monitored):
    reply, outputs = monitored.run('new com.example.Lists().joined(com.example.Lists.listOf("a", "b"))')
    assert reply["status"] == "ok", reply
    assert value(outputs) == '"a,b"'


def test_a_class_loader_of_a_jar_registers_as_parallel_capable(monitored):
    reply, outputs = monitored.run("new com.example.ParallelLoader().isRegisteredAsParallelCapable()")
    assert reply["status"] == "ok", reply
    assert value(outputs) == "true"


def test_a_cell_calling_a_native_method_of_a_jar_is_denied(monitored):
    reply, _ = monitored.run('com.example.Fast.hash("x")')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    first = reply["evalue"].splitlines()[0]
    assert first == "Audit: native.call blocked by the audit policy with args: [cell, com.example.Fast.hash]"
    assert '"monitor_calls": false' in reply["evalue"]


def test_a_jar_calling_its_own_native_method_is_denied_and_names_the_cell_line(monitored):
    reply, _ = monitored.run('long h = 1;\nh = com.example.Fast.hashTwice("x");')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert "args: [com.example.Fast.hashTwice, com.example.Fast.hash]" in reply["evalue"]
    assert f"called from In[{reply['execution_count']}], line 2" in reply["evalue"]


def test_native_instance_methods_and_natives_declared_in_cells_are_denied(monitored):
    reply, _ = monitored.run("new com.example.Fast().size()")
    assert "native.call" in reply["evalue"] and "com.example.Fast.size" in reply["evalue"]
    reply, _ = monitored.run("class Native { static native int answer(); }\nNative.answer()")
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert "args: [cell, Native.answer]" in reply["evalue"]


def test_native_calls_from_threads_and_pools_are_denied(monitored):
    reply, outputs = monitored.run(
        'var result = new java.util.concurrent.CompletableFuture<String>();\n'
        'new Thread(() -> { try { com.example.Fast.hash("t"); result.complete("allowed"); }\n'
        '  catch (SecurityException e) { result.complete("denied"); } }).start();\n'
        'var pooled = java.util.concurrent.Executors.newSingleThreadExecutor().submit(() -> {\n'
        '  try { com.example.Fast.hash("p"); return "allowed"; } catch (SecurityException e) { return "denied"; } });\n'
        'result.get() + " " + pooled.get()')
    assert value(outputs) == '"denied denied"'


# The foreign-function API is final from JDK 22; earlier kernels have no downcalls to guard.
FOREIGN_KERNELS = [k for k in KERNELS if java_feature(k) >= 22]


@pytest.mark.parametrize("kernel_name", FOREIGN_KERNELS)
def test_foreign_function_downcalls_are_denied(kernel_name, tmp_path_factory):
    kernel = start(kernel_name, tmp_path_factory, {"enabled": True, "roots": ["."]})
    try:
        reply, _ = kernel.run(
            "import java.lang.foreign.*;\nvar linker = Linker.nativeLinker();\n"
            'var strlen = linker.downcallHandle(linker.defaultLookup().find("strlen").get(),\n'
            "    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));")
        assert reply["ename"] == "jaudit.policy.AuditDeniedException"
        assert reply["evalue"].startswith("Audit: native.call blocked by the audit policy with args: [cell, downcall ")
        assert f"at: In[{reply['execution_count']}], line 3" in reply["evalue"]
    finally:
        kernel.stop()


def test_with_monitor_calls_off_native_calls_run_and_other_events_stay_denied(unmonitored):
    reply, _ = unmonitored.run('com.example.Fast.hash("x")')
    assert reply["ename"] == "java.lang.UnsatisfiedLinkError"
    reply, _ = unmonitored.run('new ProcessBuilder("echo", "hi").start()')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert "process.start" in reply["evalue"]
