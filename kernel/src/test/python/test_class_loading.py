"""What a library sees: the cell class loader is the context class loader of the cell's thread and of every
thread the cell's work runs on, so services and drivers in jars that %jars or %maven added are found as
they are in a plain JVM, audited or not."""
import pytest

from audit_kernel import build_jar, java_path, start_policy_kernel
from conftest import KERNELS

GREETER = {
    "com/example/greet/Greeter.java": "package com.example.greet; public interface Greeter { String hello(); }",
    "com/example/greet/English.java":
        "package com.example.greet; public class English implements Greeter { public String hello() { return \"hello\"; } }",
    "com/example/probe/ProbeDriver.java": """package com.example.probe;
import java.sql.*;
import java.util.Properties;
import java.util.logging.Logger;
public class ProbeDriver implements Driver {
    static {
        // As every JDBC driver does: the ServiceLoader only loads the class, the driver registers itself.
        try { DriverManager.registerDriver(new ProbeDriver()); } catch (SQLException e) { throw new ExceptionInInitializerError(e); }
    }
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) return null;
        throw new SQLException("probe driver reached for " + url);
    }
    public boolean acceptsURL(String url) { return url.startsWith("jdbc:probe:"); }
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { return new DriverPropertyInfo[0]; }
    public int getMajorVersion() { return 1; }
    public int getMinorVersion() { return 0; }
    public boolean jdbcCompliant() { return false; }
    public Logger getParentLogger() { return Logger.getGlobal(); }
}
""",
}

SERVICES = {
    "com.example.greet.Greeter": "com.example.greet.English",
    "java.sql.Driver": "com.example.probe.ProbeDriver",
}

# Runs a probe on each kind of thread a cell's work lands on, and names what the probe saw there.
ON_EVERY_THREAD = r'''
String onEveryThread(Callable<String> probe) throws Exception {
    var seen = new LinkedHashMap<String, String>();
    seen.put("cell", probe.call());
    var box = new String[1];
    var thread = new Thread(() -> { try { box[0] = probe.call(); } catch (Exception e) { box[0] = e.toString(); } });
    thread.start();
    thread.join();
    seen.put("thread", box[0]);
    var pool = Executors.newFixedThreadPool(2);
    seen.put("executor", pool.submit(probe).get());
    pool.shutdown();
    seen.put("common pool", CompletableFuture.supplyAsync(() -> { try { return probe.call(); } catch (Exception e) { return e.toString(); } }).get());
    var workers = new ConcurrentHashMap<String, String>();
    IntStream.range(0, 64).parallel().forEach(i -> {
        if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
            try { workers.put("parallel stream", probe.call()); } catch (Exception e) { workers.put("parallel stream", e.toString()); }
        }
        try { Thread.sleep(1); } catch (InterruptedException e) { }
    });
    seen.put("parallel stream", workers.getOrDefault("parallel stream", "no worker ran"));
    var forkJoin = new ForkJoinPool(2);
    seen.put("fork/join pool", forkJoin.submit(probe).get());
    forkJoin.shutdown();
    return seen.toString();
}
'''

EVERY_THREAD = ["cell", "thread", "executor", "common pool", "parallel stream", "fork/join pool"]


@pytest.fixture(scope="module", params=[(k, policy) for k in KERNELS for policy in ("audited", "unaudited")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def with_jar(request, tmp_path_factory):
    kernel_name, policy = request.param
    base = tmp_path_factory.mktemp("class-loading")
    classes = base / "jar" / "classes" / "META-INF" / "services"
    classes.mkdir(parents=True)
    for service, provider in SERVICES.items():
        (classes / service).write_text(provider + "\n")
    jar = build_jar(kernel_name, base / "jar", GREETER)
    audit = {"enabled": True, "roots": ["."]} if policy == "audited" else {"enabled": False}
    kernel = start_policy_kernel(kernel_name, base, policy, audit)
    reply, _ = kernel.run(f'%jars {java_path(jar)}')
    assert reply["status"] == "ok", reply
    reply, _ = kernel.run(ON_EVERY_THREAD)
    assert reply["status"] == "ok", reply
    yield kernel
    kernel.stop()


def expected(value):
    return '"{' + ", ".join(f"{where}={value}" for where in EVERY_THREAD) + '}"'


def test_service_loader_finds_providers_of_an_added_jar_on_every_thread_of_the_cell(with_jar):
    got = with_jar.value('onEveryThread(() -> ServiceLoader.load(com.example.greet.Greeter.class)'
                              '.findFirst().map(g -> g.hello()).orElse("no provider"))')
    assert got == expected("hello")


def test_the_context_class_loader_is_the_one_that_defines_cell_classes_on_every_thread(with_jar):
    with_jar.run("class Marker {}")
    got = with_jar.value('onEveryThread(() -> String.valueOf('
                              'Thread.currentThread().getContextClassLoader() == Marker.class.getClassLoader()))')
    assert got == expected("true")


def test_driver_manager_finds_a_jdbc_driver_from_an_added_jar(with_jar):
    got = with_jar.value('''onEveryThread(() -> {
    try {
        java.sql.DriverManager.getConnection("jdbc:probe:db");
        return "connected";
    } catch (java.sql.SQLException e) {
        return e.getMessage();
    }
})''')
    assert got == expected("probe driver reached for jdbc:probe:db")


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_a_jdbc_driver_added_after_driver_manager_first_looked_is_still_found(kernel_name, tmp_path_factory):
    # DriverManager looks for drivers once, at its first use; a notebook's class path grows after that.
    base = tmp_path_factory.mktemp("late-driver")
    services = base / "jar" / "classes" / "META-INF" / "services"
    services.mkdir(parents=True)
    (services / "java.sql.Driver").write_text("com.example.probe.ProbeDriver\n")
    jar = build_jar(kernel_name, base / "jar", {k: v for k, v in GREETER.items() if "probe" in k})
    kernel = start_policy_kernel(kernel_name, base, "late-driver", {"enabled": True, "roots": ["."]})
    try:
        connect = ('String connect() { try { java.sql.DriverManager.getConnection("jdbc:probe:db"); return "connected"; }'
                   ' catch (java.sql.SQLException e) { return e.getMessage(); } }')
        kernel.run(connect)
        assert kernel.value("connect()") == '"No suitable driver found for jdbc:probe:db"'
        reply, _ = kernel.run(f"%jars {java_path(jar)}")
        assert reply["status"] == "ok", reply
        assert kernel.value("connect()") == '"probe driver reached for jdbc:probe:db"'
    finally:
        kernel.stop()
