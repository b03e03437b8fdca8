"""fastaudit's own test scenarios (reference/fastaudit-0.1.0/test_core.py), in a Java kernel's terms.

test_audit_blocks and test_monitor_calls_can_be_disabled are carried over here, one behaviour per test.
Its host-callback scenarios (before_deny, on_call, data, a frame-based allow list) belong to the host
policy (kernel metadata, host_classpath) and are specified with it.
"""
import pytest

from audit_kernel import HELPERS, PolicyKernel, install_policy_kernel, java_path, results
from conftest import KERNELS, kinds

NATIVE = "class Orjson { static native byte[] dumps(Object o); }"


@pytest.fixture(scope="module", params=KERNELS)
def sandbox(request, tmp_path_factory):
    """A kernel started in dotdest (which has a child folder), writable roots okdest and '.'."""
    base = tmp_path_factory.mktemp("parity")
    dotdest, okdest, elsewhere = base / "dotdest", base / "okdest", base / "elsewhere"
    (dotdest / "child").mkdir(parents=True)
    okdest.mkdir()
    elsewhere.mkdir()
    # fastaudit's outside file is in the home folder; a test should not write there, so it lives in a
    # folder outside the roots, and exists, since Java reports a missing file before it would delete.
    (elsewhere / "audit-test-outside.txt").write_text("keep me")
    name = request.param + "-parity"
    install_policy_kernel(request.param, base / "jupyter", name, {"roots": [str(okdest), "."]})
    kernel = PolicyKernel(name, base / "jupyter", dotdest)
    ok = java_path(okdest)
    reply, _ = kernel.run(HELPERS + f'''
String inside = "{ok}/audit-test.txt", inside2 = "{ok}/audit-test-2.txt", inside3 = "{ok}/audit-test-3.txt";
String outside = "{java_path(elsewhere)}/audit-test-outside.txt", outsideNew = "{java_path(elsewhere)}/new.txt";
{NATIVE}
''')
    assert reply["status"] == "ok", reply
    kernel.base, kernel.dotdest, kernel.elsewhere = base, dotdest, elsewhere
    yield kernel
    kernel.stop()


def test_the_guard_cannot_be_changed_through_reflection(sandbox):
    got = results(sandbox, 'attempt(() -> { Class.forName("java.lang.JauditBridge").getDeclaredField("handler")'
                           '.setAccessible(true); return null; })',
                  'attempt(() -> { ClassLoader.getSystemClassLoader().loadClass("jaudit.instrument.Checkpoint")'
                  '.getDeclaredField("stopRequested").setAccessible(true); return null; })')
    # The bridge lives in java.base, whose encapsulation refuses first; the kernel's classes are audited.
    assert got[0] == "denied" or "InaccessibleObjectException" in got[0]
    assert got[1] == "denied"


def test_reads_outside_the_roots_are_allowed(sandbox):
    got = results(sandbox, 'attempt(() -> Files.readString(Path.of("/etc/passwd")))',
                  'attempt(() -> { java.nio.channels.FileChannel.open(Path.of("/etc/passwd")).close(); return null; })')
    assert got == ["allowed", "allowed"]


def test_writes_and_deletes_outside_the_roots_are_blocked(sandbox):
    got = results(sandbox, 'attempt(() -> java.nio.channels.FileChannel.open(Path.of(outside), '
                           'StandardOpenOption.WRITE, StandardOpenOption.CREATE))',
                  'attempt(() -> { Files.delete(Path.of(outside)); return null; })')
    assert got == ["denied", "denied"]
    assert (sandbox.elsewhere / "audit-test-outside.txt").read_text() == "keep me"


def test_copy_destinations_must_stay_inside_the_roots(sandbox):
    got = results(sandbox, 'attempt(() -> Files.copy(Path.of("/etc/passwd"), Path.of(inside)))',
                  'attempt(() -> Files.copy(Path.of(inside), Path.of(outsideNew)))',
                  'attempt(() -> { Files.delete(Path.of(inside)); return null; })')
    assert got == ["allowed", "denied", "allowed"]


def test_renames_touching_a_folder_outside_the_roots_and_subprocesses_are_blocked(sandbox):
    got = results(sandbox, 'attempt(() -> Files.writeString(Path.of(inside2), "x"))',
                  'attempt(() -> Files.move(Path.of(outside), Path.of(inside3)))',
                  'attempt(() -> Files.move(Path.of(inside2), Path.of(outsideNew)))',
                  'attempt(() -> { Files.delete(Path.of(inside2)); return null; })',
                  'attempt(() -> new ProcessBuilder("echo", "hi").start())')
    assert got == ["allowed", "denied", "denied", "allowed", "denied"]
    assert sorted(p.name for p in sandbox.elsewhere.iterdir()) == ["audit-test-outside.txt"]


def test_dot_allows_writes_under_the_working_directory_only(sandbox):
    got = results(sandbox, 'attempt(() -> Files.writeString(Path.of("dot-inside.txt"), "x"))',
                  'attempt(() -> Files.writeString(Path.of("child/nested.txt"), "x"))',
                  'attempt(() -> Files.writeString(Path.of("../sibling.txt"), "x"))',
                  # Java has no chdir: the working directory is the user.dir property, which is guarded.
                  'attempt(() -> System.setProperty("user.dir", "/"))')
    assert got == ["allowed", "allowed", "denied", "denied"]
    assert (sandbox.dotdest / "child" / "nested.txt").read_text() == "x"
    assert not (sandbox.base / "sibling.txt").exists()


def test_guard_frames_are_removed_from_tracebacks(sandbox):
    reply, _ = sandbox.run('new ProcessBuilder("echo", "hi").start();')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    frames = reply["traceback"][1:]
    assert frames and not [f for f in frames if "jaudit." in f or "JauditBridge" in f]


def test_java_classes_and_callable_objects_are_not_native_calls(sandbox):
    reply, outputs = sandbox.run("class PyCallable implements Callable<String> { public String call() { return \"ok\"; } }\n"
                                 "new PyCallable().call()")
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"ok"'


def test_native_calls_outside_the_jdk_are_blocked(sandbox):
    assert results(sandbox, 'attempt(() -> Orjson.dumps(Map.of("a", 1)))') == ["denied"]


def test_the_policy_cannot_be_replaced_from_inside_the_sandbox(sandbox):
    got = results(sandbox,
                  'attempt(() -> Class.forName("java.lang.JauditBridge").getMethod("install", '
                  'java.util.function.BiConsumer.class).invoke(null, (java.util.function.BiConsumer<Object, Object[]>) '
                  '(c, e) -> { }))',
                  'attempt(() -> Class.forName("java.lang.JauditBridge").getMethod("enter", Object.class, Object.class)'
                  '.invoke(null, new Object(), null))',
                  'attempt(() -> Class.forName("java.lang.JauditBridge").getMethod("leave", Object.class, Object.class)'
                  '.invoke(null, null, null))')
    assert got == ["denied", "denied", "denied"]


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_with_monitor_calls_off_audit_events_are_still_checked(kernel_name, tmp_path_factory):
    base = tmp_path_factory.mktemp("unmonitored")
    install_policy_kernel(kernel_name, base / "jupyter", kernel_name + "-unmonitored",
                          {"roots": ["."], "monitor_calls": False})
    kernel = PolicyKernel(kernel_name + "-unmonitored", base / "jupyter", base)
    try:
        kernel.run(HELPERS + NATIVE)
        got = results(kernel, 'attempt(() -> new ProcessBuilder("echo", "hi").start())',
                      'attempt(() -> Orjson.dumps(Map.of("a", 1)))')
        assert got[0] == "denied"
        assert got[1].startswith("error:java.lang.UnsatisfiedLinkError")
    finally:
        kernel.stop()
