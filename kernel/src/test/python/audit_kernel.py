"""A kernelspec with a policy of the test's own, and a kernel started from it in a scratch folder."""
import json
import os
import pathlib
import shutil

from jupyter_client.kernelspec import KernelSpecManager

from conftest import Kernel, kinds


def install_policy_kernel(base_name, target_root, name, audit, jvm_flags=()):
    """Copies the installed kernelspec `base_name` under `target_root` as `name`, with metadata.audit replaced
    (and `jvm_flags` added to the java command)."""
    source = pathlib.Path(KernelSpecManager().get_kernel_spec(base_name).resource_dir)
    kernels = pathlib.Path(target_root) / "kernels"
    target = kernels / name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.jsa", "*.aot"))
    spec = json.loads((target / "kernel.json").read_text())
    spec["argv"] = [a for a in spec["argv"] if "SharedArchiveFile" not in a and "AOTCache" not in a]
    spec["argv"][1:1] = list(jvm_flags)
    spec["metadata"]["audit"] = audit
    (target / "kernel.json").write_text(json.dumps(spec))
    return target


class PolicyKernel(Kernel):
    """A kernel started from a kernelspec on an extra Jupyter path, with a chosen working directory."""

    def __init__(self, name, jupyter_path, cwd):
        os.environ["JUPYTER_PATH"] = f"{jupyter_path}{os.pathsep}{os.environ.get('JUPYTER_PATH', '')}"
        super().__init__(name, cwd)


def start_policy_kernel(base_name, base, label, audit, folders=("project",), jvm_flags=()):
    """A kernel from a copy of kernelspec `base_name` with `audit` as its policy, started in base/project;
    each of `folders` is made under `base` and set as an attribute of the kernel."""
    for folder in folders:
        (base / folder).mkdir()
    name = f"{base_name}-{label}"
    install_policy_kernel(base_name, base / "jupyter", name, audit, jvm_flags=jvm_flags)
    kernel = PolicyKernel(name, base / "jupyter", base / "project")
    kernel.base = base
    kernel.base_name = base_name
    for folder in folders:
        setattr(kernel, folder, base / folder)
    return kernel


def kernel_java(name):
    """The java binary the installed kernelspec `name` runs."""
    spec = KernelSpecManager().get_kernel_spec(name)
    return pathlib.Path(spec.argv[0])


def java_feature(name):
    """The feature release (17, 25, ...) of the JDK behind kernelspec `name`."""
    import subprocess
    out = subprocess.run([str(kernel_java(name)), "-XshowSettings:properties", "-version"],
                         capture_output=True, text=True).stderr
    line = next(l for l in out.splitlines() if l.strip().startswith("java.specification.version"))
    return int(line.split("=")[1].strip())


def build_jar(name, target_dir, sources, classpath=None):
    """Compiles `sources` ({"com/example/Fast.java": text}) with the kernel's own javac into target_dir/lib.jar."""
    import subprocess
    target_dir = pathlib.Path(target_dir)
    src, classes = target_dir / "src", target_dir / "classes"
    for path, text in sources.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(text)
    bin_dir = kernel_java(name).parent
    extra = ["-cp", str(classpath)] if classpath else []
    subprocess.run([str(bin_dir / "javac"), "--release", "17", "-d", str(classes), *extra,
                    *[str(src / p) for p in sources]], check=True)
    jar = target_dir / "lib.jar"
    subprocess.run([str(bin_dir / "jar"), "cf", str(jar), "-C", str(classes), "."], check=True)
    return jar


# Java helpers every audit test kernel defines first: each returns "allowed", "denied" or "error:...".
HELPERS = r'''
String attempt(Callable<?> action) {
    try {
        action.call();
        return "allowed";
    } catch (Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SecurityException && String.valueOf(c.getMessage()).startsWith("Audit: ")) {
                return "denied";
            }
        }
        return "error:" + t;
    }
}
String inThread(Callable<?> action) throws Exception {
    String[] result = new String[1];
    Thread t = new Thread(() -> result[0] = attempt(action));
    t.start();
    t.join();
    return result[0];
}
String inPool(Callable<?> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
        return pool.submit(() -> attempt(action)).get();
    } finally {
        pool.shutdown();
    }
}
String inCommonPool(Callable<?> action) throws Exception {
    return CompletableFuture.supplyAsync(() -> attempt(action)).get();
}
String inParallelStream(Callable<?> action) {
    var seen = new java.util.concurrent.ConcurrentHashMap<String, String>();
    IntStream.range(0, 64).parallel().forEach(i -> {
        try { Thread.sleep(2); } catch (InterruptedException e) { }
        boolean worker = Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread;
        seen.merge(worker ? "worker" : "caller", attempt(action), (a, b) -> a.equals(b) ? a : a + "+" + b);
    });
    return seen.getOrDefault("worker", "no-worker");
}
String viaReflection(Class<?> type, String method, Class<?>[] types, Object... args) {
    return attempt(() -> type.getMethod(method, types).invoke(null, args));
}
'''


def results(kernel, *attempts):
    """Runs the attempts (Java expressions giving "allowed"/"denied"/...) in one cell; returns their results."""
    code = "System.out.println(String.join(\"|\", List.of(" + ",\n".join(attempts) + ")));"
    reply, outputs = kernel.run(code)
    assert reply["status"] == "ok", reply
    text = "".join(m["content"]["text"] for m in kinds(outputs, "stream") if m["content"]["name"] == "stdout")
    return text.strip().split("|")


def java_path(p):
    return str(p).replace("\\", "\\\\")


def routes(action):
    """The same action taken directly, from a thread, a pool task and the common pool."""
    return [f"attempt(() -> {{ {action}; return null; }})",
            f"inThread(() -> {{ {action}; return null; }})",
            f"inPool(() -> {{ {action}; return null; }})",
            f"inCommonPool(() -> {{ {action}; return null; }})"]


def kernel_jar(name):
    """The kernel jar of the installed kernelspec `name` (its classes include the public policy API)."""
    return pathlib.Path(KernelSpecManager().get_kernel_spec(name).resource_dir) / "jaudit-kernel.jar"


def execute(kernel, code, metadata=None, allow_stdin=False, stdin_hook=None, timeout=60):
    """Sends an execute_request with message metadata (jupyter_client's execute() sends none)."""
    kc = kernel.kc
    content = dict(code=code, silent=False, store_history=True, user_expressions={}, allow_stdin=allow_stdin,
                   stop_on_error=True)
    msg = kc.session.msg("execute_request", content, metadata=metadata or {})
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    outputs = []
    import time
    import queue
    deadline = time.time() + timeout
    reply = None
    while reply is None or not any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                                   for m in outputs):
        if time.time() > deadline:
            raise TimeoutError(code)
        if stdin_hook is not None:
            try:
                request = kc.get_stdin_msg(timeout=0.02)
                stdin_hook(request)
            except queue.Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.02)
            if m["parent_header"].get("msg_id") == msg_id:
                outputs.append(m)
        except queue.Empty:
            pass
        if reply is None:
            try:
                r = kc.get_shell_msg(timeout=0.02)
                if r["parent_header"].get("msg_id") == msg_id:
                    reply = r["content"]
            except queue.Empty:
                pass
    return reply, [m for m in outputs if m["msg_type"] != "status"]
