"""The audit policy through real cells: every event denied outside the roots and allowed inside,
through direct calls, reflection and method handles, JDK-internal callers, threads and pools."""
import pathlib

import pytest

from audit_kernel import HELPERS, PolicyKernel, install_policy_kernel, java_path, results, routes
from conftest import KERNELS, kinds


@pytest.fixture(scope="module", params=KERNELS)
def audited(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("audit")
    allowed = base / "allowed"
    outside = base / "outside"
    allowed.mkdir()
    outside.mkdir()
    (outside / "existing.txt").write_text("keep me")
    (allowed / "existing.txt").write_text("mine")
    jupyter = base / "jupyter"
    name = request.param + "-audit-test"
    install_policy_kernel(request.param, jupyter, name, {"enabled": True, "roots": ["."]})
    kernel = PolicyKernel(name, jupyter, allowed)
    reply, _ = kernel.run(HELPERS)
    assert reply["status"] == "ok", reply
    kernel.allowed = allowed
    kernel.outside = outside
    yield kernel
    kernel.stop()


WRITE_ACTIONS = [
    'new FileOutputStream("{d}/a.txt").close()',
    'Files.writeString(Path.of("{d}/b.txt"), "x")',
    'new RandomAccessFile("{d}/c.txt", "rw").close()',
    'java.nio.channels.FileChannel.open(Path.of("{d}/d.txt"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)'
    '.close()',
    'new java.util.logging.FileHandler("{d}/e.log").close()',
    'javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1, 1, 1), "png", new File("{d}/f.png"))',
    'new File("{d}/g.txt").createNewFile()',
    'File.createTempFile("tmp", ".txt", new File("{d}"))',
    'java.nio.channels.AsynchronousFileChannel.open(Path.of("{d}/h.txt"), StandardOpenOption.CREATE, '
    'StandardOpenOption.WRITE).close()',
    'var unix = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX); '
    'unix.bind(UnixDomainSocketAddress.of("{d}/i.sock")); unix.close(); Files.delete(Path.of("{d}/i.sock"))',
]


@pytest.mark.parametrize("action", WRITE_ACTIONS)
def test_file_writes_are_denied_outside_the_roots_and_allowed_inside(audited, action):
    denied = routes(action.format(d=java_path(audited.outside)))
    allowed = routes(action.format(d=java_path(audited.allowed)))
    assert results(audited, *denied) == ["denied"] * 4
    assert results(audited, *allowed) == ["allowed"] * 4


def test_writes_from_parallel_stream_workers_are_judged_like_the_cell(audited):
    out, ok = java_path(audited.outside), java_path(audited.allowed)
    got = results(audited, f'inParallelStream(() -> {{ new FileOutputStream("{out}/p.txt").close(); return null; }})',
                  f'inParallelStream(() -> {{ new FileOutputStream("{ok}/p.txt").close(); return null; }})')
    assert got == ["denied", "allowed"]


def test_writes_through_reflection_and_method_handles_are_denied(audited):
    out = java_path(audited.outside)
    got = results(audited,
                  f'viaReflection(Files.class, "writeString", new Class<?>[] {{Path.class, CharSequence.class, '
                  f'java.nio.file.OpenOption[].class}}, Path.of("{out}/r.txt"), "x", new java.nio.file.OpenOption[0])',
                  f'attempt(() -> FileOutputStream.class.getConstructor(String.class).newInstance("{out}/s.txt"))',
                  f'attempt(() -> {{ try {{ return java.lang.invoke.MethodHandles.lookup().findConstructor('
                  f'FileOutputStream.class, java.lang.invoke.MethodType.methodType(void.class, String.class))'
                  f'.invoke("{out}/t.txt"); }} catch (Throwable t) {{ throw new Exception(t); }} }})')
    assert got == ["denied"] * 3


MUTATIONS = [
    ("file.delete", 'new File("{d}/existing.txt").delete()'),
    ("file.delete", 'Files.delete(Path.of("{d}/existing.txt"))'),
    ("file.mkdir", 'new File("{d}/sub").mkdir()'),
    ("file.mkdir", 'Files.createDirectories(Path.of("{d}/deep/er"))'),
    ("file.move", 'Files.move(Path.of("{d}/existing.txt"), Path.of("{d}/moved.txt"))'),
    ("file.move", 'new File("{d}/existing.txt").renameTo(new File("{d}/renamed.txt"))'),
    ("file.copy", 'Files.copy(Path.of("/etc/hostname"), Path.of("{d}/copy.txt"))'),
    ("file.link", 'Files.createSymbolicLink(Path.of("{d}/link"), Path.of("{d}/existing.txt"))'),
    ("file.attr", 'new File("{d}/existing.txt").setExecutable(true)'),
    ("file.attr", 'Files.setLastModifiedTime(Path.of("{d}/existing.txt"), java.nio.file.attribute.FileTime.fromMillis(0))'),
    ("file.attr", 'Files.getFileAttributeView(Path.of("{d}/existing.txt"), java.nio.file.attribute.BasicFileAttributeView'
                  '.class).setTimes(null, java.nio.file.attribute.FileTime.fromMillis(0), null)'),
    ("file.attr", 'Files.getFileAttributeView(Path.of("{d}/existing.txt"), java.nio.file.attribute.PosixFileAttributeView'
                  '.class, LinkOption.NOFOLLOW_LINKS).setPermissions(java.nio.file.attribute.PosixFilePermissions'
                  '.fromString("rwxrwxrwx"))'),
    ("file.attr", 'Files.setPosixFilePermissions(Path.of("{d}/existing.txt"), java.nio.file.attribute'
                  '.PosixFilePermissions.fromString("rwxrwxrwx"))'),
]


@pytest.mark.parametrize("event,action", MUTATIONS, ids=[f"{e}:{i}" for i, (e, _) in enumerate(MUTATIONS)])
def test_file_mutations_outside_the_roots_are_denied(audited, event, action):
    got = results(audited, *routes(action.format(d=java_path(audited.outside))))
    assert got == ["denied"] * 4
    reply, _ = audited.run(action.format(d=java_path(audited.outside)) + ";")
    assert reply["evalue"].startswith(f"Audit: {event} blocked by the audit policy"), reply["evalue"]
    assert (audited.outside / "existing.txt").read_text() == "keep me"


@pytest.mark.parametrize("event,action", MUTATIONS[2:4] + MUTATIONS[6:8], ids=["mkdir", "mkdirs", "copy", "link"])
def test_file_mutations_inside_the_roots_are_allowed(audited, event, action):
    got = results(audited, f"attempt(() -> {{ {action.format(d=java_path(audited.allowed))}; return null; }})")
    assert got == ["allowed"]


@pytest.mark.parametrize("action", [
    'Files.createSymbolicLink(Path.of("{d}/to-etc"), Path.of("/etc"))',
    'Files.createSymbolicLink(Path.of("{d}/up"), Path.of("../outside/existing.txt"))',
    'Files.createLink(Path.of("{d}/hard"), Path.of("{o}/existing.txt"))',
])
def test_a_link_inside_a_root_may_not_lead_out_of_the_roots(audited, action):
    action = action.format(d=java_path(audited.allowed), o=java_path(audited.outside))
    assert results(audited, *routes(action)) == ["denied"] * 4


def test_reads_are_allowed_anywhere(audited):
    got = results(audited, *routes('Files.readString(Path.of("/etc/hostname"))'),
                  f'attempt(() -> new FileInputStream("{java_path(audited.outside)}/existing.txt").readAllBytes())',
                  'attempt(() -> new RandomAccessFile("/etc/hostname", "r").length())')
    assert got == ["allowed"] * 6


@pytest.mark.parametrize("action", [
    'new ProcessBuilder("ls").start()',
    'Runtime.getRuntime().exec(new String[] {"echo", "hi"})',
    'ProcessBuilder.startPipeline(List.of(new ProcessBuilder("ls"), new ProcessBuilder("wc")))',
    'Runtime.class.getMethod("exec", String.class).invoke(Runtime.getRuntime(), "ls")',
])
def test_processes_are_denied_by_every_route(audited, action):
    assert results(audited, *routes(action)) == ["denied"] * 4


@pytest.mark.parametrize("action", [
    "System.exit(0)", "Runtime.getRuntime().exit(1)", "Runtime.getRuntime().halt(2)",
    'Runtime.class.getMethod("exit", int.class).invoke(Runtime.getRuntime(), 3)',
])
def test_exit_is_denied_and_the_kernel_survives(audited, action):
    assert results(audited, *routes(action)) == ["denied"] * 4
    reply, outputs = audited.run("40 + 2")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


@pytest.mark.parametrize("action", [
    'sun.misc.Signal.raise(new sun.misc.Signal("TERM"))', 'sun.misc.Signal.raise(new sun.misc.Signal("HUP"))',
    'sun.misc.Signal.raise(new sun.misc.Signal("INT"))', 'sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {})',
    'sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sun.misc.SignalHandler.SIG_IGN)',
])
def test_raising_a_signal_at_the_kernel_or_replacing_its_handlers_is_denied_and_the_kernel_survives(audited, action):
    assert results(audited, f"attempt(() -> {{ {action}; return null; }})") == ["denied"]
    reply, outputs = audited.run("40 + 2")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def test_an_uncaught_denial_fails_the_cell_with_a_message_naming_event_cell_line_and_key(audited):
    reply, _ = audited.run('int before = 1;\nnew FileOutputStream("' + java_path(audited.outside) + '/x.txt");')
    assert reply["status"] == "error"
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    lines = reply["evalue"].splitlines()
    assert lines[0].startswith("Audit: file.write blocked by the audit policy with args: [")
    assert any(line.strip() == f"at: In[{reply['execution_count']}], line 2" for line in lines)
    assert any("policy entered by In[" in line for line in lines)
    assert any(line.strip().startswith("to allow:") and '"roots"' in line for line in lines)
    assert not any("JauditBridge" in line or "jaudit.kernel" in line for line in reply["traceback"])


def test_a_thread_started_by_a_cell_says_which_cell_entered_its_policy(audited):
    reply, outputs = audited.run(
        'Thread w = new Thread(() -> {\n  try { new ProcessBuilder("ls").start(); }\n'
        '  catch (Exception e) { System.out.println(e.getMessage()); }\n}, "worker");\nw.start();\nw.join();')
    text = "".join(m["content"]["text"] for m in kinds(outputs, "stream"))
    assert f"policy entered by In[{reply['execution_count']}] (on thread 'worker', running work that cell started)" in text


@pytest.mark.parametrize("action,expected", [
    ('System.setOut(new java.io.PrintStream(new java.io.ByteArrayOutputStream()))', "denied"),
    ('System.setErr(System.out)', "denied"),
    ('System.setIn(new java.io.ByteArrayInputStream(new byte[0]))', "denied"),
    ('System.setProperty("user.home", "/tmp")', "denied"),
    ('System.setProperty("java.io.tmpdir", "/")', "denied"),
    ('System.clearProperty("user.dir")', "denied"),
    ('System.setProperty("jaudit.off", "true")', "denied"),
    ('System.setProperty("my.app.setting", "on")', "allowed"),
    ('System.getProperties().put("user.home", "/tmp")', "denied"),
    ('System.getProperties().setProperty("java.io.tmpdir", "/")', "denied"),
    ('System.getProperties().remove("user.dir")', "denied"),
    ('System.getProperties().putAll(Map.of("jaudit.off", "true"))', "denied"),
    ('System.setProperties(new Properties())', "denied"),
    ('System.getProperties().put("my.other.setting", "on")', "allowed"),
    ('System.loadLibrary("z")', "denied"),
    ('ProcessHandle.current().parent().get().destroy()', "denied"),
])
def test_global_state_and_native_code_are_guarded(audited, action, expected):
    assert results(audited, f"attempt(() -> {{ {action}; return null; }})") == [expected]


# How Gson, protobuf and Kryo obtain Unsafe.
UNSAFE = 'sun.misc.Unsafe unsafe() throws Exception { var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe"); ' \
         'f.setAccessible(true); return (sun.misc.Unsafe) f.get(null); }'


@pytest.mark.parametrize("action", [
    'Class.forName("java.lang.JauditBridge").getDeclaredField("active").setAccessible(true)',
    'java.lang.invoke.MethodHandles.privateLookupIn(Class.forName("java.lang.JauditBridge"), '
    'java.lang.invoke.MethodHandles.lookup())',
    'Class.forName("jdk.internal.misc.Unsafe").getDeclaredField("theUnsafe").setAccessible(true)',
    'unsafe().staticFieldOffset(Class.forName("java.lang.JauditBridge").getDeclaredField("active"))',
    'unsafe().staticFieldBase(Class.forName("java.lang.JauditBridge").getDeclaredField("active"))',
    'unsafe().staticFieldOffset(Class.forName("jaudit.instrument.Checkpoint").getDeclaredField("stopRequested"))',
    'unsafe().objectFieldOffset(Class.forName("java.lang.JauditSubmission").getDeclaredField("context"))',
])
def test_the_guard_cannot_be_reached_by_reflection(audited, action):
    audited.run(UNSAFE)
    got = results(audited, f"attempt(() -> {{ {action}; return null; }})")[0]
    assert got == "denied" or "InaccessibleObjectException" in got


def test_libraries_may_obtain_unsafe_and_use_it_on_their_own_classes(audited):
    audited.run(UNSAFE)
    reply, outputs = audited.run("""
class Point { int x = 7; Point() { x = 1; } }
var unsafe = unsafe();
var p = (Point) unsafe.allocateInstance(Point.class);
unsafe.putInt(p, unsafe.objectFieldOffset(Point.class.getDeclaredField("x")), 42);
p.x""")
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def test_the_kernel_output_capture_stays_intact_after_denied_stream_changes(audited):
    audited.run("try { System.setOut(null); } catch (SecurityException e) { }")
    reply, outputs = audited.run('System.out.println("still here");')
    assert "still here\n" in "".join(m["content"]["text"] for m in kinds(outputs, "stream"))


BENIGN = r'''
record Item(String name, int qty) {}
var items = IntStream.range(0, 2000).mapToObj(i -> new Item("item" + i, i % 17)).toList();
var total = items.parallelStream().mapToInt(Item::qty).sum();
var grouped = items.stream().collect(Collectors.groupingBy(i -> i.qty() % 3, Collectors.counting()));
var sorted = new ArrayList<>(items); sorted.sort(Comparator.comparing(Item::name).reversed());
Files.writeString(Path.of("notes.txt"), "total " + total);
var back = Files.readString(Path.of("notes.txt"));
Files.createDirectories(Path.of("out/deep"));
Files.write(Path.of("out/deep/data.csv"), List.of("a,b", "1,2"));
try (var lines = Files.lines(Path.of("out/deep/data.csv"))) { lines.count(); }
Files.readAllLines(Path.of("/etc/hostname"));
var fields = Item.class.getDeclaredFields(); fields[0].setAccessible(true); fields[0].get(items.get(0));
var pool = Executors.newFixedThreadPool(4);
var futures = new ArrayList<Future<Integer>>();
for (int i = 0; i < 8; i++) { int n = i; futures.add(pool.submit(() -> n * n)); }
int squares = 0; for (var f : futures) squares += f.get();
pool.shutdown();
var cf = CompletableFuture.supplyAsync(() -> 21).thenApplyAsync(x -> x * 2).get();
var sb = new StringBuilder(); for (int i = 0; i < 1000; i++) sb.append(i % 10);
var rnd = new Random(1).ints(10, 0, 100).boxed().collect(Collectors.toSet());
var temp = Files.createTempFile(Path.of("."), "jaudit-benign", ".txt"); Files.delete(temp);
System.getProperty("user.home"); System.getenv("PATH");
var json = new StringBuilder("{").append("\"k\": ").append(total).append("}").toString();
String.format("%s %d %s", back, squares, cf)
'''


def test_ordinary_java_raises_no_denial(audited):
    reply, outputs = audited.run(BENIGN)
    assert reply["status"] == "ok", reply.get("evalue")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"].endswith('140 42"')
    assert (audited.allowed / "out" / "deep" / "data.csv").read_text() == "a,b\n1,2\n"


def test_the_default_kernelspec_is_audited_with_the_working_dir_and_temp_dir(kernel):
    reply, _ = kernel.run('new FileOutputStream("/etc/jaudit-should-not-exist")')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    reply, _ = kernel.run('var t = Files.createTempFile("jaudit", ".tmp");\nFiles.delete(t);')
    assert reply["status"] == "ok"


@pytest.mark.parametrize("audit,message", [
    ({"enabled": True, "rootz": ["."]}, "unknown key 'rootz'"),
    ({"enabled": "yes"}, "'enabled' must be true or false"),
    ({"roots": ["relative/dir"]}, "'roots' entry 'relative/dir' is relative"),
    ({"net": "localhost:80"}, "'net' must be a list of strings"),
])
def test_a_bad_policy_stops_the_kernel_at_start_naming_the_key(tmp_path, audit, message):
    import subprocess
    from jupyter_client.kernelspec import KernelSpecManager
    spec_dir = install_policy_kernel(KERNELS[0], tmp_path / "jupyter", "bad-policy", audit)
    import json
    argv = json.loads((spec_dir / "kernel.json").read_text())["argv"]
    connection = tmp_path / "connection.json"
    connection.write_text(json.dumps({"shell_port": 1, "control_port": 2, "iopub_port": 3, "stdin_port": 4,
                                      "hb_port": 5, "ip": "127.0.0.1", "transport": "tcp", "key": "k",
                                      "signature_scheme": "hmac-sha256"}))
    cmd = [a.replace("{resource_dir}", str(spec_dir)).replace("{connection_file}", str(connection)) for a in argv]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert message in result.stderr


def test_a_nested_jshell_cannot_start_its_own_jvm(audited):
    reply, _ = audited.run("jdk.jshell.JShell.create()")
    assert reply["status"] == "error"
    assert "Audit: process.start blocked by the audit policy" in reply["evalue"]


def test_a_values_to_string_runs_under_the_cells_policy(audited):
    reply, outputs = audited.run(
        'record Sneaky() {\n  public String toString() {\n'
        f'    try {{ new FileOutputStream("{java_path(audited.outside)}/via-tostring.txt"); return "wrote"; }}\n'
        '    catch (Exception e) { return e.getClass().getSimpleName(); }\n  }\n}\nnew Sneaky()')
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "AuditDeniedException"
    assert not (audited.outside / "via-tostring.txt").exists()


@pytest.mark.parametrize("event,action", [
    ("file.delete", 'Files.class.getMethod("delete", Path.class).invoke(null, Path.of("{o}/existing.txt"))'),
    ("file.mkdir", 'java.lang.invoke.MethodHandles.publicLookup().findStatic(Files.class, "createDirectory", '
                   'java.lang.invoke.MethodType.methodType(Path.class, Path.class, '
                   'java.nio.file.attribute.FileAttribute[].class)).invoke(Path.of("{o}/by-handle"), '
                   'new java.nio.file.attribute.FileAttribute[0])'),
    ("file.move", 'File.class.getMethod("renameTo", File.class).invoke(new File("{o}/existing.txt"), '
                  'new File("{o}/renamed.txt"))'),
    ("file.attr", 'File.class.getMethod("setExecutable", boolean.class).invoke(new File("{o}/existing.txt"), true)'),
    ("file.write", 'FileSystems.newFileSystem(Path.of("{o}/archive.zip"), Map.of("create", "true")).close()'),
])
def test_mutations_through_reflection_handles_and_jdk_internals_are_judged_alike(audited, event, action):
    outside = action.format(o=java_path(audited.outside), a=java_path(audited.allowed))
    inside = action.format(o=java_path(audited.allowed), a=java_path(audited.allowed))
    reply, _ = audited.run(f"try {{ {outside}; }} catch (Throwable t) {{ throw t; }}")
    text = reply.get("evalue", "") + "\n".join(reply.get("traceback", []))
    assert f"Audit: {event} blocked by the audit policy" in text, reply
    assert (audited.outside / "existing.txt").read_text() == "keep me"
    if event in ("file.mkdir", "file.write"):
        wrapped = f"attempt(() -> {{ try {{ {inside}; }} catch (Throwable t) {{ throw new Exception(t); }} return null; }})"
        assert results(audited, wrapped) == ["allowed"]


def test_javac_called_from_a_cell_cannot_write_classes_outside_the_roots(audited):
    source = java_path(audited.allowed / "Hello.java")
    compile_to = ('var errors = new ByteArrayOutputStream();\n'
                  f'Files.writeString(Path.of("{source}"), "class Hello {{}}");\n'
                  'String outcome;\n'
                  'try {\n'
                  '  int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", "%s", '
                  f'"{source}");\n'
                  '  outcome = status + " " + errors.toString().contains("Audit: file.write blocked");\n'
                  # javac reports the failed write, or (JDK 25) its crash report's own write fails and propagates.
                  '} catch (SecurityException e) { outcome = "thrown " + e.getMessage().startsWith("Audit: file.write"); }\n'
                  'outcome')
    reply, outputs = audited.run(compile_to % java_path(audited.outside))
    outcome = kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"].strip('"').split()
    assert outcome[0] != "0" and outcome[1] == "true"
    assert not (audited.outside / "Hello.class").exists()
    reply, outputs = audited.run(compile_to % java_path(audited.allowed))
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"0 false"'
    assert (audited.allowed / "Hello.class").exists()
