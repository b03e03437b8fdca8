"""A policy follows the work a cell sets going: each pool, timer or fork/join task runs under the
context of the cell that submitted it, even on a thread another cell created and after the cell ended;
so do the finalizers of the objects a cell made and the Cleaner actions it registered, on the JDK's own
threads."""
import pytest

from audit_kernel import HELPERS, PolicyKernel, install_policy_kernel, java_path
from conftest import KERNELS, kinds


@pytest.fixture(scope="module", params=KERNELS)
def audited(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("tasks")
    name = request.param + "-tasks"
    install_policy_kernel(request.param, base / "jupyter", name, {"enabled": True, "roots": ["."]})
    kernel = PolicyKernel(name, base / "jupyter", base)
    kernel.base = base
    kernel.outside = tmp_path_factory.mktemp("tasks-outside")
    reply, _ = kernel.run(HELPERS + '''
String origin(Callable<?> action) {
    try { action.call(); return "allowed"; }
    catch (Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            int at = m.indexOf("policy entered by ");
            if (at >= 0) return m.substring(at + 18).split("[ \\\\n]")[0];
        }
        return "error:" + e;
    }
}
Callable<String> write = () -> { new FileOutputStream("/etc/jaudit-task-test"); return "allowed"; };
String writes(String outside, String inside) {
    return origin(() -> { new FileOutputStream(outside).close(); return null; }) + " "
        + origin(() -> { new FileOutputStream(inside).close(); return null; });
}
String collected(BlockingQueue<String> results) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
        System.gc();
        String got = results.poll(50, TimeUnit.MILLISECONDS);
        if (got != null) return got;
    }
    return "never collected";
}
''')
    assert reply["status"] == "ok", reply
    yield kernel
    kernel.stop()


def value(kernel, code):
    reply, outputs = kernel.run(code)
    assert reply["status"] == "ok", reply
    return kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"].strip('"'), reply["execution_count"]


@pytest.mark.parametrize("pool", [
    "Executors.newSingleThreadExecutor()",
    "Executors.newScheduledThreadPool(1)",
    "new ForkJoinPool(1)",
])
def test_a_pool_thread_runs_each_task_under_the_cell_that_submitted_it(audited, pool):
    audited.run(f"var shared = {pool};\nshared.submit(() -> 1).get();")
    got, count = value(audited, "origin(() -> shared.submit(write).get())")
    assert got == f"In[{count}]"
    got, count = value(audited, "origin(() -> shared.submit(write).get())")
    assert got == f"In[{count}]"
    audited.run("shared.shutdown();")


def test_a_scheduled_task_keeps_its_cells_policy_after_the_cell_ended(audited):
    _, first = value(audited, 'var timer = Executors.newScheduledThreadPool(1);\n'
                               'var later = timer.schedule(() -> origin(write), 300, TimeUnit.MILLISECONDS);\n"scheduled"')
    got, _ = value(audited, "later.get()")
    assert got == f"In[{first}]"
    got, _ = value(audited, "var periodic = new java.util.concurrent.CopyOnWriteArrayList<String>();\n"
                            "var handle = timer.scheduleAtFixedRate(() -> periodic.add(origin(write)), 0, 20, "
                            "TimeUnit.MILLISECONDS);\nThread.sleep(200); handle.cancel(false); timer.shutdown();\n"
                            "new HashSet<>(periodic).toString()")
    assert got.startswith("[In[") and "," not in got


def test_a_timer_task_runs_under_the_cell_that_scheduled_it(audited):
    _, first = value(audited, "var t = new java.util.Timer(true);\nvar early = new CompletableFuture<String>();\n"
                              "t.schedule(new TimerTask() { public void run() { early.complete(origin(write)); } }, 200);\n"
                              '"scheduled"')
    got, second = value(audited, "var late = new CompletableFuture<String>();\n"
                                 "t.schedule(new TimerTask() { public void run() { late.complete(origin(write)); } }, 0);\n"
                                 "late.get() + \" \" + early.get()")
    assert got == f"In[{second}] In[{first}]"
    audited.run("t.cancel();")


def test_fork_join_subtasks_and_completable_futures_carry_the_submitting_cell(audited):
    got, count = value(audited, """
class Writer extends RecursiveTask<String> {
    final int depth;
    Writer(int depth) { this.depth = depth; }
    protected String compute() {
        if (depth == 0) return origin(write);
        var left = new Writer(depth - 1).fork();
        var right = new Writer(depth - 1).fork();
        return left.join().equals(right.join()) ? left.join() : "mixed";
    }
}
ForkJoinPool.commonPool().invoke(new Writer(4)) + " " + CompletableFuture.supplyAsync(() -> origin(write)).get()
    + " " + IntStream.range(0, 32).parallel().mapToObj(i -> origin(write)).distinct().toList()""")
    assert got == f"In[{count}] In[{count}] [In[{count}]]"


def test_threads_and_thread_per_task_pools_inherit_the_starting_cell(audited):
    got, count = value(audited, "var box = new String[2];\n"
                                "var a = new Thread(() -> box[0] = origin(write)); a.start(); a.join();\n"
                                "var b = Executors.newCachedThreadPool(); box[1] = b.submit(() -> origin(write)).get();\n"
                                "b.shutdown(); box[0] + \" \" + box[1]")
    assert got == f"In[{count}] In[{count}]"


def test_a_finalizer_runs_under_the_cell_that_made_its_object_after_that_cell_ended(audited):
    outside = audited.outside / "finalizer.txt"
    _, made = value(audited, f"""
var finalized = new LinkedBlockingQueue<String>();
class Doomed {{
    @SuppressWarnings("deprecation")
    protected void finalize() {{ finalized.add(writes("{java_path(outside)}", "finalizer-inside.txt")); }}
}}
IntStream.range(0, 3).forEach(i -> new Doomed());
"made"
""")
    got, _ = value(audited, "collected(finalized)")
    assert got == f"In[{made}] allowed"
    assert not outside.exists()
    assert (audited.base / "finalizer-inside.txt").exists()
    assert value(audited, "1 + 1")[0] == "2"


def test_a_cleaner_action_runs_under_the_cell_that_registered_it_not_the_one_that_made_the_cleaner(audited):
    outside = audited.outside / "cleaner.txt"
    value(audited, 'var cleaner = java.lang.ref.Cleaner.create();\nvar cleaned = new LinkedBlockingQueue<String>();\n"ready"')
    _, registered = value(audited, f"""
cleaner.register(new Object(), () -> cleaned.add(writes("{java_path(outside)}", "cleaner-inside.txt")));
"registered"
""")
    got, _ = value(audited, "collected(cleaned)")
    assert got == f"In[{registered}] allowed"
    assert not outside.exists()
    assert (audited.base / "cleaner-inside.txt").exists()
