#!/usr/bin/python3
"""Kernel benchmark: each figure beside its floor, all measured in this one run.

Usage: bench.py KERNEL [KERNEL ...]   (kernelspec names on JUPYTER_PATH)
       bench.py --jmh JMH_JAR KERNEL_JAR JAVA [JAVA ...]   (the JMH hook check, once per java)
Environment: BENCH_JAVA (java for the floors), BENCH_CLASSPATH (the compiled Floors class and jeromq).
"""
import os
import statistics
import subprocess
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))


def hundred_cells():
    cells = []
    for i in range(100):
        cells.append([f"int v{i} = {i} * 2;", f"v{i - 1} + {i}", f'String s{i} = "cell {i}";',
                      f"s{i - 1}.length() + v{i - 3}"][i % 4])
    return cells


def rss_kb(pid):
    """Resident memory of the kernel process and its children (some kernels start through a launcher)."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    total += rss_kb(int(child))
    except FileNotFoundError:
        pass
    return total


def floors(java, classpath):
    starts = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([java, "-version"], capture_output=True, check=True)
        starts.append((time.perf_counter() - t) * 1000)
    out = subprocess.run([java, "-cp", classpath, "Floors"], capture_output=True, text=True, check=True).stdout
    values = {"jvm_start_ms": statistics.median(starts)}
    for line in out.splitlines():
        name, value = line.split()
        values[name] = float(value)
    return values


def execute(kc, code, timeout=60):
    result = {}

    def hook(msg):
        if msg["msg_type"] == "execute_result":
            result["value"] = msg["content"]["data"]["text/plain"]
    reply = kc.execute_interactive(code, output_hook=hook, timeout=timeout)
    return reply["content"]["status"], result.get("value")


def measure_kernel(name):
    figures = {}
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info(reply=True, timeout=60)
    figures["kernel_info_ms"] = (time.perf_counter() - t0) * 1000
    pid = km.provisioner.process.pid
    status, value = execute(kc, "1+1")
    figures["first_result_ms"] = (time.perf_counter() - t0) * 1000
    assert status == "ok" and value == "2", (status, value)
    time.sleep(1)
    figures["rss_after_start_kb"] = rss_kb(pid)
    warm = []
    for _ in range(50):
        t = time.perf_counter()
        execute(kc, "1+1")
        warm.append((time.perf_counter() - t) * 1000)
    warm.sort()
    figures["warm_median_ms"] = statistics.median(warm)
    figures["warm_p95_ms"] = warm[int(len(warm) * 0.95) - 1]
    execute(kc, "List<Integer> bag = new ArrayList<>();")
    for key, cell in (("statements_20_ms", STATEMENTS_20), ("mix_20_ms", MIX_20)):
        times = []
        for _ in range(15):
            t = time.perf_counter()
            status, _ = execute(kc, cell)
            assert status == "ok", (key, status)
            times.append((time.perf_counter() - t) * 1000)
        figures[key] = statistics.median(times[5:])
    for cell in hundred_cells():
        execute(kc, cell)
    figures["rss_after_100_kb"] = rss_kb(pid)
    kc.stop_channels()
    km.shutdown_kernel(now=False)

    nb = new_notebook(cells=[new_code_cell(c) for c in hundred_cells()])
    t = time.perf_counter()
    NotebookClient(nb, kernel_name=name, timeout=120, startup_timeout=60).execute()
    figures["notebook_100_ms"] = (time.perf_counter() - t) * 1000
    figures["maven_local_ms"] = measure_maven(name)
    return figures


# Real cells, as a person or an LLM writes them: many statements, a few declarations.
STATEMENTS_20 = "\n".join(f"bag.add({k});" for k in range(20))
MIX_20 = """int total = 0;
for (int i = 0; i < 10; i++) total += i;
bag.add(total);
System.out.println("total " + total);
if (total > 5) bag.add(1);
bag.removeIf(x -> x > 1000);
record Pt(int x, int y) {}
var pts = List.of(new Pt(1, 2), new Pt(3, 4));
int sumX(List<Pt> ps) { return ps.stream().mapToInt(Pt::x).sum(); }
System.out.println(sumX(pts));
bag.add(sumX(pts));
Collections.sort(bag);
bag.add(bag.size());
String joined = bag.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
System.out.println(joined.length());
bag.clear();
bag.add(7);
bag.add(8);
bag.add(9);
bag.size()"""

MAVEN_CELL = "%maven org.apache.commons:commons-csv:1.14.1"
MAVEN_USE = "org.apache.commons.csv.CSVFormat.DEFAULT.getDelimiterString()"


def measure_maven(name):
    """%maven of commons-csv (and its two dependencies) in a fresh kernel, served from the local
    repository: the first kernel fetches it untimed, so the figure is the resolver's own cost."""
    times = []
    for timed_run in (False, True):
        km = KernelManager(kernel_name=name)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.kernel_info(reply=True, timeout=60)
        execute(kc, "1+1")
        t = time.perf_counter()
        status, _ = execute(kc, MAVEN_CELL, timeout=300)
        status_use, value = execute(kc, MAVEN_USE)
        ok = status == "ok" and status_use == "ok"
        # jaudit shows strings in jshell's notation, JJava bare.
        assert not ok or value in ('","', ','), value
        times.append((time.perf_counter() - t) * 1000 if ok else None)
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return times[-1]  # None: the kernel has no %maven (an older jaudit)


COMPUTE_SETUP = "long mix(int a, int b) { return (a * 31L) ^ (b + 7L); }"
COMPUTE_CELL = ("long acc = 0;\nfor (int i = 0; i < 100_000; i++) {\n  for (int j = 0; j < 5_000; j++) {\n"
                "    acc += mix(i, j);\n  }\n}\nacc")
WRITES_CELL = ("for (int i = 0; i < 10_000; i++) {\n"
               "  Files.writeString(Path.of(\"bench-writes/f\" + (i % 100) + \".txt\"), \"x\" + i);\n}")


def policy_variant(name, enabled, root):
    """A copy of kernelspec `name` whose metadata.audit has enabled set as given."""
    import json
    import shutil
    from jupyter_client.kernelspec import KernelSpecManager
    source = KernelSpecManager().get_kernel_spec(name).resource_dir
    variant = f"{name}-{'audited' if enabled else 'unaudited'}"
    target = os.path.join(root, "kernels", variant)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.jsa", "*.aot"))
    spec_path = os.path.join(target, "kernel.json")
    with open(spec_path) as f:
        spec = json.load(f)
    spec["argv"] = [a for a in spec["argv"] if "SharedArchiveFile" not in a and "AOTCache" not in a]
    spec["metadata"]["audit"] = {"enabled": enabled, "roots": ["."]}
    with open(spec_path, "w") as f:
        json.dump(spec, f)
    return variant


def started(name, cwd):
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    execute(kc, COMPUTE_SETUP)
    execute(kc, 'Files.createDirectories(Path.of("bench-writes"));')
    return km, kc


def timed(kc, cell):
    t = time.perf_counter()
    status, _ = execute(kc, cell, timeout=300)
    assert status == "ok", status
    return (time.perf_counter() - t) * 1000


def audit_costs(name, repeats=7):
    """Both variants run side by side, their cells alternating, so drift of the machine hits both alike.

    Each cell is compiled afresh and JIT-compiled anew on every run, so single runs vary by several
    per cent: the figures are the median and the best of the runs.
    """
    import tempfile
    root = tempfile.mkdtemp(prefix="jaudit-bench-")
    os.environ["JUPYTER_PATH"] = f"{root}{os.pathsep}{os.environ.get('JUPYTER_PATH', '')}"
    kernels = {"audited": started(policy_variant(name, True, root), tempfile.mkdtemp(dir=root)),
               "unaudited": started(policy_variant(name, False, root), tempfile.mkdtemp(dir=root))}
    times = {(variant, key): [] for variant in kernels for key in ("compute", "writes")}
    for _ in range(repeats):
        for key, cell in (("compute", COMPUTE_CELL), ("writes", WRITES_CELL)):
            for variant, (_, kc) in kernels.items():
                times[(variant, key)].append(timed(kc, cell))
    for km, kc in kernels.values():
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return times


ROWS = [
    # (label, figure, floor, unit)
    ("cold start to kernel_info_reply", "kernel_info_ms", "jvm_start_ms", "ms"),
    ("cold start to first 1+1 result", "first_result_ms", "jshell_create_and_first_eval_ms", "ms"),
    ("warm 1+1 round trip, median", "warm_median_ms", "jshell_warm_eval_median_ms", "ms"),
    ("warm 1+1 round trip, p95", "warm_p95_ms", "jshell_warm_eval_median_ms", "ms"),
    ("warm 1+1 vs ZeroMQ echo", "warm_median_ms", "zmq_echo_median_ms", "ms"),
    ("20 statements (bag.add(k);), median", "statements_20_ms", None, "ms"),
    ("20-line mix of statements and decls", "mix_20_ms", None, "ms"),
    ("100-cell notebook via nbclient", "notebook_100_ms", "jshell_100_cells_ms", "ms"),
    ("%maven commons-csv, local repo, + use", "maven_local_ms", None, "ms"),
    ("RSS after start", "rss_after_start_kb", None, "MB"),
    ("RSS after 100 cells", "rss_after_100_kb", None, "MB"),
]

FLOOR_NAMES = {
    "jvm_start_ms": "bare JVM start (java -version)",
    "jshell_create_and_first_eval_ms": "JShell create + first eval, in-process",
    "jshell_warm_eval_median_ms": "JShell warm eval of 1+1, in-process",
    "zmq_echo_median_ms": "jeromq REQ/REP echo on loopback",
    "jshell_100_cells_ms": "JShell eval of the same 100 cells, in-process",
}


def show(value, unit):
    if value is None:
        return "n/a"
    return f"{value / 1024:.0f} MB" if unit == "MB" else f"{value:.1f} ms"


JMH_ROWS = [
    # (benchmark in tools/benchmark/jmh, label, what one operation is)
    ("fileWrite", "hook check", "FileOutputStream open + close of a file in the root"),
    ("fileRead", "fast path ", 'RandomAccessFile "r" open + close, which the hook lets pass at once'),
]


def hook_check(jmh_jar, kernel_jar, javas):
    """One hooked JDK operation inside an audited context that allows it vs outside any context, per java."""
    import json
    import tempfile
    print()
    print("Audit hook check, JMH (ns per operation, mean and 99.9% error; audited / unaudited in the same run):")
    for _, label, what in JMH_ROWS:
        print(f"  {label.strip()}: {what}")
    for java in javas:
        with tempfile.TemporaryDirectory(prefix="jaudit-jmh-results-") as out:
            results = os.path.join(out, "results.json")
            run = subprocess.run([java, f"-Djaudit.kernel.jar={kernel_jar}", "-jar", jmh_jar, "-rf", "json",
                                  "-rff", results], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"JMH failed on {java}:\n" + "\n".join((run.stdout + run.stderr).splitlines()[-40:]))
            with open(results) as f:
                scores = {(r["benchmark"].rsplit(".", 1)[1], r["params"]["audited"]): r for r in json.load(f)}
        jdk = next(iter(scores.values()))["jdkVersion"].split(".")[0]
        for bench, label, _ in JMH_ROWS:
            plain, audited = (scores[(bench, flag)]["primaryMetric"] for flag in ("false", "true"))
            print(f"  {label} (JDK {jdk}): unaudited {plain['score']:.0f} ± {plain['scoreError']:.0f} ns, "
                  f"audited {audited['score']:.0f} ± {audited['scoreError']:.0f} ns, "
                  f"ratio {audited['score'] / plain['score']:.3f}")


def main():
    if sys.argv[1:2] == ["--jmh"]:
        hook_check(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    kernels = sys.argv[1:] or ["jaudit"]
    java = os.environ.get("BENCH_JAVA", "java")
    floor = floors(java, os.environ["BENCH_CLASSPATH"])
    results = {name: measure_kernel(name) for name in kernels}
    print()
    print("Floors (same machine, same run):")
    for key, label in FLOOR_NAMES.items():
        print(f"  {label:<48} {floor[key]:9.2f} ms")
    for name, figures in results.items():
        print()
        print(f"Kernel {name}:")
        print(f"  {'figure':<34} {'value':>10}   {'floor':>10}   {'ratio':>7}")
        for label, key, floor_key, unit in ROWS:
            value = figures[key]
            if floor_key:
                print(f"  {label:<34} {show(value, unit):>10}   {show(floor[floor_key], unit):>10}"
                      f"   {value / floor[floor_key]:6.1f}x")
            else:
                print(f"  {label:<34} {show(value, unit):>10}")
    for name in kernels:
        if not name.startswith("jaudit"):
            continue
        times = audit_costs(name)
        print()
        print(f"Audit cost on {name} (7 runs each, alternating, same run; audited vs enabled=false):")
        for key, label in (("compute", "compute cell (500M calls in nested loops)"),
                           ("writes", "10,000 small file writes inside a root   ")):
            a, u = times[("audited", key)], times[("unaudited", key)]
            print(f"  {label} median {statistics.median(a):7.1f} vs {statistics.median(u):7.1f} ms, ratio "
                  f"{statistics.median(a) / statistics.median(u):.3f}; best {min(a):7.1f} vs {min(u):7.1f} ms, "
                  f"ratio {min(a) / min(u):.3f}")
    if len(results) > 1:
        base = kernels[0]
        print()
        print(f"Side by side (each kernel's figure / {base}'s):")
        for name in kernels[1:]:
            ratios = ", ".join(f"{key} {results[name][key] / results[base][key]:.2f}x"
                               for _, key, _, _ in ROWS if results[base][key] and results[name][key])
            print(f"  {name}: {ratios}")


if __name__ == "__main__":
    main()
