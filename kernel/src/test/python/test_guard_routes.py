"""The guard's second round, in the route matrix style, through jupyter_client on each JDK: what the
JVM writes or loads in native code for a cell, the kernel's threads and standard streams, the JDK's
own scratch files, and denials that a library swallows. Each effect is checked from outside the
kernel: the file does not appear, the library is not in /proc/<pid>/maps, the kernel still answers.

The kernel runs under a root-only policy (its project folder), with the JVM's temp dir moved to a
folder of its own that is not a root, so the temp dir, the project and the outside are all apart.
"""
import pathlib
import subprocess

import pytest

from audit_kernel import HELPERS, java_feature, java_path, results, start_policy_kernel
from conftest import KERNELS, kinds, stdout

MBEAN = 'new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand")'


@pytest.fixture(scope="module", params=KERNELS)
def rooted(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("guard-routes")
    kernel = start_policy_kernel(request.param, base, "guard-routes", {"enabled": True, "roots": ["."], "net": []},
                                 ("project", "outside", "jvmtmp"), [f"-Djava.io.tmpdir={base / 'jvmtmp'}"])
    kernel.feature = java_feature(request.param)
    reply, _ = kernel.run(HELPERS + "\nimport java.lang.management.*;\nimport com.sun.management.*;")
    assert reply["status"] == "ok", reply
    yield kernel
    kernel.stop()


def out(kernel, name):
    return java_path(kernel.outside / name)


def dcmd(operation, *args):
    """A DiagnosticCommand MBean call as a cell writes it: the operation and its String[] arguments."""
    values = "null" if not args else "new String[]{" + ", ".join(f'"{a}"' for a in args) + "}"
    return (f"java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke({MBEAN}, \"{operation}\", new Object[]{{{values}}}, "
            "new String[]{String[].class.getName()})")


def denial(reply):
    """The first line of the denial a reply carries, wherever the cell's error wrapped it."""
    text = reply.get("evalue", "") + "\n" + "\n".join(reply.get("traceback", []))
    lines = [l[l.index("Audit: "):] for l in text.splitlines() if "Audit: " in l]
    return lines[0] if lines else None


# ---- the JVM writes for you ----

def jvm_writer_routes(kernel):
    """(what the cell runs, the event it must be denied as, the file that must not appear)."""
    routes = [
        (f'ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap("{out(kernel, "h.hprof")}", true);',
         "file.write", "h.hprof"),
        (dcmd("vmLog", f"output={out(kernel, 'vm.log')}") + ";", "file.write", "vm.log"),
        (dcmd("vmLog", f"output=file={out(kernel, 'vm2.log')}", "what=gc") + ";", "file.write", "vm2.log"),
        (dcmd("vmSetFlag", f"HeapDumpPath {out(kernel, 'later.hprof')}") + ";", "jvm.diagnostic", "later.hprof"),
        (dcmd("compilerDirectivesAdd", out(kernel, "directives.json")) + ";", "jvm.diagnostic", "directives.json"),
        (dcmd("vmCds", "dynamic_dump", out(kernel, "x.jsa")) + ";", "jvm.diagnostic", "x.jsa"),
        ('ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)'
         '.setVMOption("HeapDumpOnOutOfMemoryError", "true");', "jvm.diagnostic", None),
        (dcmd("jvmtiAgentLoad", out(kernel, "agent.so")) + ";", "native.load", None),
        # The attach listener runs any command sent to it: connecting to our own is a diagnostic command.
        ('java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of('
         '"/tmp/.java_pid" + ProcessHandle.current().pid()));', "jvm.diagnostic", None),
    ]
    if kernel.feature >= 25:
        routes.append((dcmd("compilerPerfmap", out(kernel, "perf.map")) + ";", "file.write", "perf.map"))
        routes.append((dcmd("systemDumpMap", f"-F={out(kernel, 'map.txt')}") + ";", "file.write", "map.txt"))
    else:
        # JDK 17 writes the perf map to /tmp/perf-<pid>.map, outside the roots.
        routes.append((dcmd("compilerPerfmap") + ";", "file.write", None))
    return routes


def test_what_the_jvm_writes_or_loads_natively_for_a_cell_is_judged_by_what_it_names(rooted):
    for code, event, written in jvm_writer_routes(rooted):
        reply, _ = rooted.run(code)
        assert reply["status"] == "error", code
        line = denial(reply)
        assert line and line.startswith(f"Audit: {event} blocked"), (code, reply.get("evalue"))
        if written:
            assert not (rooted.outside / written).exists(), code
    assert not pathlib.Path(f"/tmp/perf-{rooted.pid()}.map").exists()
    reply, _ = rooted.run("1 + 1")
    assert reply["status"] == "ok"


def test_a_heap_dump_inside_a_root_and_read_only_diagnostic_commands_are_allowed(rooted):
    dump = rooted.project / "inside.hprof"
    reply, _ = rooted.run(f'ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)'
                          f'.dumpHeap("{java_path(dump)}", true);')
    assert reply["status"] == "ok", reply
    assert dump.stat().st_size > 0
    dump.unlink()
    reply, outputs = rooted.run(dcmd("threadPrint") + ".toString().contains(\"jaudit\")")
    assert reply["status"] == "ok", reply
    reply, outputs = rooted.run(dcmd("vmVersion") + ".toString().length() > 0")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "true"
    reply, _ = rooted.run(dcmd("gcClassHistogram") + ";")
    assert reply["status"] == "ok", reply


@pytest.fixture(scope="module", params=KERNELS)
def tmp_rooted(request, tmp_path_factory):
    """Writable in its project and its JVM temp dir (where JFR keeps its repository)."""
    base = tmp_path_factory.mktemp("guard-jfr")
    jvmtmp = base / "jvmtmp"
    kernel = start_policy_kernel(request.param, base, "guard-jfr", {"enabled": True, "roots": [".", str(jvmtmp)],
                                 "net": []}, ("project", "outside", "jvmtmp"), [f"-Djava.io.tmpdir={jvmtmp}"])
    yield kernel
    kernel.stop()


def jfr_command(operation, *args):
    return ('java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(' + MBEAN + f', "{operation}", '
            'new Object[]{new String[]{' + ", ".join(f'"{a}"' for a in args) + '}}, new String[]{String[].class.getName()});')


FLIGHT_RECORDER_MXBEAN = "java.lang.management.ManagementFactory.getPlatformMXBean(jdk.management.jfr.FlightRecorderMXBean.class)"


@pytest.mark.parametrize("action,event", [
    ('var r = new jdk.jfr.Recording(); r.start(); r.stop(); r.dump(Path.of("{f}"));', "file.write"),
    ('new jdk.jfr.Recording().setDestination(Path.of("{f}"));', "file.write"),
    ('var r = new jdk.jfr.Recording(); r.setToDisk(false); r.start(); r.setDestination(Path.of("{f}")); r.stop();',
     "file.write"),
    ('var fr = ' + FLIGHT_RECORDER_MXBEAN + '; long id = fr.newRecording(); fr.startRecording(id); fr.copyTo(id, "{f}");',
     "file.write"),
    ('var fr = ' + FLIGHT_RECORDER_MXBEAN + '; long id = fr.newRecording(); fr.setRecordingOptions(id, '
     'Map.of("destination", "{f}"));', "file.write"),
    (jfr_command("jfrStart", "filename={f}"), "file.write"),
    (jfr_command("jfrStart", "name=into-folder", "filename={d}"), "file.write"),
    (jfr_command("jfrStart", "name=dumped") + "\n" + jfr_command("jfrDump", "name=dumped", "filename={f}"), "file.write"),
    (jfr_command("jfrStart", "name=stopped") + "\n" + jfr_command("jfrStop", "name=stopped", "filename={f}"),
     "file.write"),
    (jfr_command("jfrConfigure", "repositorypath={d}"), "file.mkdir"),
    (jfr_command("jfrConfigure", "dumppath={d}"), "file.write"),
])
def test_a_flight_recording_is_judged_by_where_it_goes_before_jfr_is_told(tmp_rooted, action, event):
    """The cell fails with the denial itself (a diagnostic command's too, not an error text it returns), and
    nothing appears outside, then or when the kernel's recordings end."""
    reply, _ = tmp_rooted.run(action.replace("{f}", java_path(tmp_rooted.outside / "rec.jfr"))
                              .replace("{d}", java_path(tmp_rooted.outside)))
    assert (denial(reply) or "").startswith(f"Audit: {event} blocked"), reply
    assert list(tmp_rooted.outside.iterdir()) == []


def test_a_flight_recording_inside_a_root_is_written_by_every_route(tmp_rooted):
    project = tmp_rooted.project
    reply, _ = tmp_rooted.run(
        f'var ok = new jdk.jfr.Recording(); ok.start(); ok.stop(); ok.dump(Path.of("{java_path(project / "api.jfr")}"));\n'
        + jfr_command("jfrStart", "name=inside", f"filename={java_path(project / 'command.jfr')}") + "\n"
        + jfr_command("jfrStop", "name=inside") + "\n"
        + jfr_command("jfrStart", "name=folder", f"filename={java_path(project)}") + "\n"
        + jfr_command("jfrStop", "name=folder"))
    assert reply["status"] == "ok", reply
    assert (project / "api.jfr").stat().st_size > 0
    assert (project / "command.jfr").stat().st_size > 0
    if java_feature(tmp_rooted.base_name) > 17:
        # JDK 17 records without a file when JFR.start is given a folder; later JDKs name one in it.
        assert [p for p in project.iterdir() if p.name.startswith("hotspot-pid-") and p.stat().st_size > 0]


# ---- files named relative to an open folder ----

def test_a_secure_directory_streams_relative_operations_are_judged_on_the_full_path(rooted):
    (rooted.outside / "keep.txt").write_text("kept")
    (rooted.outside / "stay.txt").write_text("stays")
    reply, _ = rooted.run(
        f'var outsideFolder = (java.nio.file.SecureDirectoryStream<Path>) Files.newDirectoryStream(Path.of("{java_path(rooted.outside)}"));\n'
        f'var projectFolder = (java.nio.file.SecureDirectoryStream<Path>) Files.newDirectoryStream(Path.of("{java_path(rooted.project)}"));\n'
        'Callable<?> create(java.nio.file.SecureDirectoryStream<Path> folder, String name) {\n'
        '    return () -> { folder.newByteChannel(Path.of(name), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE))'
        '.close(); return null; };\n}')
    assert reply["status"] == "ok", reply
    got = results(rooted,
                  'attempt(create(outsideFolder, "made.txt"))',
                  'attempt(() -> { outsideFolder.deleteFile(Path.of("keep.txt")); return null; })',
                  'attempt(() -> { outsideFolder.move(Path.of("stay.txt"), projectFolder, Path.of("moved.txt")); return null; })',
                  'attempt(create(projectFolder, "inside.txt"))',
                  'attempt(() -> { projectFolder.deleteFile(Path.of("inside.txt")); return null; })',
                  'attempt(create(projectFolder, "again.txt"))')
    assert got == ["denied", "denied", "denied", "allowed", "allowed", "allowed"]
    assert sorted(p.name for p in rooted.outside.iterdir()) == ["keep.txt", "stay.txt"]
    assert (rooted.project / "again.txt").exists() and not (rooted.project / "inside.txt").exists()


# ---- native libraries ----

@pytest.fixture(scope="module")
def probe_library(tmp_path_factory):
    """A shared library whose initialiser leaves a mark: mapped and initialised, or neither."""
    d = tmp_path_factory.mktemp("probe")
    mark = d / "initialised"
    (d / "probe.c").write_text('#include <stdio.h>\n'
                               f'__attribute__((constructor)) static void init(void) {{ FILE *f = fopen("{mark}", "w");'
                               ' if (f) fclose(f); }\nint probe(void) { return 42; }\n')
    library = d / "libjauditprobe.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(library), str(d / "probe.c")], check=True)
    return library, mark


def mapped(kernel, library):
    return str(library) in pathlib.Path(f"/proc/{kernel.pid()}/maps").read_text()


def test_no_route_maps_a_native_library_for_a_cell(rooted, probe_library):
    library, mark = probe_library
    lib = java_path(library)
    routes = [f'System.load("{lib}");',
              f'Runtime.getRuntime().load("{lib}");',
              f'java.security.Security.getProvider("SunPKCS11").configure("--name=probe\\nlibrary={lib}");',
              dcmd("jvmtiAgentLoad", lib) + ";"]
    if rooted.feature >= 22:
        routes += [f'java.lang.foreign.SymbolLookup.libraryLookup(Path.of("{lib}"), java.lang.foreign.Arena.global());',
                   f'java.lang.foreign.SymbolLookup.libraryLookup("{lib}", java.lang.foreign.Arena.ofAuto());']
    for code in routes:
        reply, _ = rooted.run(code)
        assert reply["status"] == "error", code
        assert denial(reply) == f"Audit: native.load blocked by the audit policy with args: [{library}]", (code, reply["evalue"])
    assert not mapped(rooted, library)
    assert not mark.exists()
    if rooted.feature < 22:
        # JDK 17 has no foreign API to map a library with: the route does not exist.
        reply, _ = rooted.run("java.lang.foreign.SymbolLookup.class")
        assert reply["status"] == "error"


# ---- the kernel's threads belong to the kernel ----

def test_interrupting_every_thread_is_stopped_at_the_first_kernel_thread_and_the_kernel_still_answers(rooted):
    reply, _ = rooted.run("for (Thread t : Thread.getAllStackTraces().keySet()) "
                          "if (t != Thread.currentThread()) t.interrupt();")
    assert reply["status"] == "error"
    assert denial(reply).startswith("Audit: thread.modify blocked"), reply
    assert "a cell may change only the threads it started" in reply["evalue"]
    for _ in range(3):
        reply, outputs = rooted.run('System.out.println("still here"); 6 * 7')
        assert reply["status"] == "ok"
        assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"
    info = rooted.request("kernel_info")
    assert info["content"]["status"] == "ok"
    assert rooted.kc.is_alive()


@pytest.mark.parametrize("change", ["interrupt()", 'setName("tidy")', "setPriority(1)",
                                    "setUncaughtExceptionHandler((th, e) -> {})", "setContextClassLoader(null)"])
def test_no_cell_changes_a_kernel_thread(rooted, change):
    got = results(rooted, "attempt(() -> { for (Thread t : Thread.getAllStackTraces().keySet()) "
                          "if (t.getName().startsWith(\"jaudit-heartbeat\")) t." + change + "; return null; })")
    assert got == ["denied"]
    reply, _ = rooted.run("1")
    assert reply["status"] == "ok"


def test_a_cell_manages_its_own_threads_and_its_watchdog_may_interrupt_it(rooted):
    code = """
Thread worker = new Thread(() -> { try { Thread.sleep(30_000); } catch (InterruptedException e) { System.out.println("worker stopped"); } });
worker.setName("my-worker"); worker.setPriority(Thread.MIN_PRIORITY); worker.setDaemon(true);
worker.setUncaughtExceptionHandler((t, e) -> {});
worker.start();
worker.interrupt();
worker.join();
Thread main = Thread.currentThread();
new Thread(() -> main.interrupt()).start();
try { Thread.sleep(30_000); } catch (InterruptedException e) { System.out.println("watchdog stopped the cell's wait"); }
var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
pool.submit(() -> { Thread.sleep(30_000); return 0; });
pool.shutdownNow();
System.out.println(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
Thread.currentThread().interrupt();
System.out.println(Thread.interrupted());
"""
    reply, outputs = rooted.run(code)
    assert reply["status"] == "ok", reply
    text = "".join(m["content"]["text"] for m in kinds(outputs, "stream"))
    assert text == "worker stopped\nwatchdog stopped the cell's wait\ntrue\ntrue\n"


# ---- the standard streams survive the cell ----

def test_closing_the_standard_streams_silences_no_later_cell(rooted):
    reply, outputs = rooted.run('try (PrintWriter w = new PrintWriter(System.out)) { w.println("in the writer"); }\n'
                                'try (var w = new BufferedWriter(new OutputStreamWriter(System.err))) { w.write("err writer\\n"); }\n'
                                "System.in.close();")
    assert reply["status"] == "ok", reply
    reply, outputs = rooted.run('System.out.println("out after"); System.err.println("err after");')
    streams = [(m["content"]["name"], m["content"]["text"]) for m in kinds(outputs, "stream")]
    assert ("stdout", "out after\n") in streams and ("stderr", "err after\n") in streams
    reply, outputs = rooted.run("new Scanner(System.in).nextLine()", allow_stdin=True,
                                stdin_hook=lambda msg: rooted.kc.input("typed"))
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == '"typed"'


@pytest.mark.parametrize("descriptor", ["out", "err", "in"])
def test_a_cell_may_not_close_the_process_descriptors(rooted, descriptor):
    stream = "FileInputStream" if descriptor == "in" else "FileOutputStream"
    got = results(rooted, f"attempt(() -> {{ new {stream}(FileDescriptor.{descriptor}).close(); return null; }})")
    assert got == ["denied"]
    reply, outputs = rooted.run('System.out.println("printed")')
    assert stdout(outputs) == "printed\n"


# ---- the JDK's own scratch files ----

def test_an_image_encodes_to_memory_under_a_root_only_policy(rooted):
    reply, outputs = rooted.run("import javax.imageio.*; import java.awt.image.*;\n"
                                "var img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);\n"
                                "var bytes = new ByteArrayOutputStream();\n"
                                'ImageIO.write(img, "png", bytes);\n'
                                "ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())).getWidth()")
    assert reply["status"] == "ok", reply
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "8"
    assert not [m for m in kinds(outputs, "stream") if "denial" in m["content"]["text"]]
    assert list(rooted.jvmtmp.glob("imageio*")) == []


def test_the_temp_dir_is_still_no_root_for_the_cells_own_files(rooted):
    got = results(rooted,
                  'attempt(() -> Files.createTempFile("mine", ".txt"))',
                  'attempt(() -> File.createTempFile("mine", ".txt"))',
                  f'attempt(() -> new javax.imageio.stream.FileCacheImageOutputStream(new ByteArrayOutputStream(), '
                  f'new File("{java_path(rooted.outside)}")))',
                  f'attempt(() -> Files.writeString(Path.of("{java_path(rooted.jvmtmp / "named.txt")}"), "x"))')
    assert got == ["denied"] * 4
    assert list(rooted.jvmtmp.glob("mine*")) == [] and not (rooted.jvmtmp / "named.txt").exists()
    assert list(rooted.outside.glob("imageio*")) == []


# ---- a denial that a library swallows is still seen ----

def test_a_denial_a_library_turned_into_its_own_error_is_named_in_the_error(rooted):
    reply, _ = rooted.run("jdk.jfr.FlightRecorder.getFlightRecorder();")
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.IllegalStateException"
    last = reply["traceback"][-1]
    assert last.startswith("jaudit: ") and " during this cell: file.mkdir " in last and last.endswith("(see %audit)"), last
    assert last in reply["evalue"]


def test_a_denial_the_cell_caught_is_reported_in_its_output(rooted):
    target = rooted.outside / "caught.txt"
    reply, outputs = rooted.run(f'try {{ Files.writeString(Path.of("{java_path(target)}"), "x"); }} '
                                'catch (Exception e) { System.out.println("carried on"); }')
    assert reply["status"] == "ok"
    streams = [(m["content"]["name"], m["content"]["text"]) for m in kinds(outputs, "stream")]
    assert streams == [("stdout", "carried on\n"),
                       ("stderr", f"jaudit: 1 denial during this cell: file.write {target} create,truncate,write "
                                  "(see %audit)\n")]
    assert not target.exists()


def test_a_denial_that_reaches_the_reply_is_not_reported_twice(rooted):
    reply, outputs = rooted.run(f'Files.writeString(Path.of("{out(rooted, "plain.txt")}"), "x");')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert not [l for l in reply["traceback"] if l.startswith("jaudit: ")]
    assert not kinds(outputs, "stream")
