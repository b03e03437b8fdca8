#!/usr/bin/python3
"""Kernel benchmark: each figure beside its floor and its target, all measured in this one run.

Usage: bench.py [--quick] KERNEL [KERNEL ...]   (kernelspec names on JUPYTER_PATH)
       bench.py --jmh JMH_JAR KERNEL_JAR JAVA [JAVA ...]   (the JMH hook check, once per java)
Environment: BENCH_JAVA (java for the floors), BENCH_CLASSPATH (the compiled Floors class and jeromq).

Every kernel, and the bare JShell floor (Floors.java, in a fresh JVM), runs the same sessions, cell for
cell (see session()): `1+1` cells 1-200, then cells of 1, 5, 20 and 50 statements in three shapes,
round after round, with `1+1` measured again once 2,000 statements have run; the runs that session
leaves go to fresh sessions no longer than it.
"""
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))

SHAPES = ("declarations", "statements", "mix", "assistant")
# The shapes whose 50-statement cell is also compiled by javac alone, as one compilation unit.
JAVAC_SHAPES = ("mix", "assistant")
SIZES = (1, 5, 20, 50)
# late_after: statements of the shapes before the late 1+1
FULL = {"runs": 20, "warmup_rounds": 1, "late_after": 2000, "audit_repeats": 7, "cold_starts": 5,
        "subshell_repeats": 30, "mcp_repeats": 30}
QUICK = {"runs": 5, "warmup_rounds": 1, "late_after": 500, "audit_repeats": 3, "cold_starts": 3,
         "subshell_repeats": 5, "mcp_repeats": 5}
MCP_MODULES = os.path.join(HERE, "..", "..", "build", "mcp-client")
LIST_SETUP = "List<Integer> list = new ArrayList<>();"


def hundred_cells():
    cells = []
    for i in range(100):
        cells.append([f"int v{i} = {i} * 2;", f"v{i - 1} + {i}", f'String s{i} = "cell {i}";',
                      f"s{i - 1}.length() + v{i - 3}"][i % 4])
    return cells


def mix_statement(k, tag):
    """Statement k of a mix cell: a declaration, a loop, a method, a record and a println, cycling.
    The println uses the four before it; JJava has no java.util.stream import, so Collectors is named fully."""
    kind = k % 5
    if kind == 0:
        return f"int m{tag}_{k} = {k} * 3;"
    if kind == 1:
        return f"for (int i = 0; i < 4; i++) {{\n    list.add(i + {k});\n}}"
    if kind == 2:
        return f"int f{tag}_{k}(int x) {{\n    return x * 2 + {k};\n}}"
    if kind == 3:
        return f"record R{tag}_{k}(int a, String b) {{}}"
    return (f'System.out.println(f{tag}_{k - 2}(m{tag}_{k - 4}) + " " + new R{tag}_{k - 1}({k}, "r") + " "\n'
            f'    + list.stream().limit(3).map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));')


def assistant_statement(k, n, tag):
    """Statement k of n in a cell as an AI assistant writes one: a record, a helper method over it, data
    set up from it, a map derived by a stream, a loop over the map and a printout, cycling, the last
    statement a closing expression. Each part names only parts of its own cycle."""
    if k == n - 1:
        return "list.size()"
    base = k - k % 6
    item, total, items, counts = (f"Item{tag}_{base}", f"total{tag}_{base + 1}", f"items{tag}_{base + 2}",
                                  f"counts{tag}_{base + 3}")
    kind = k % 6
    if kind == 0:
        return f"record {item}(String name, int qty, double price) {{\n    double value() {{ return qty * price; }}\n}}"
    if kind == 1:
        return (f"double {total}(List<{item}> items) {{\n"
                f"    return items.stream().mapToDouble({item}::value).sum();\n}}")
    if kind == 2:
        return (f'var {items} = List.of(new {item}("apple", 3, 0.5), new {item}("pear", 1, 0.75),\n'
                f'    new {item}("plum", 12, 0.2));')
    if kind == 3:
        return (f"Map<String, Integer> {counts} = {items}.stream()\n"
                f"    .collect(java.util.stream.Collectors.toMap({item}::name, {item}::qty));")
    if kind == 4:
        return f"for (var e : {counts}.entrySet()) {{\n    if (e.getValue() > 2) list.add(e.getValue());\n}}"
    return f'System.out.printf("%.2f%n", {total}({items}));'


def shape_cell(shape, n, tag):
    """A cell of n statements; tag makes its names fresh, so declarations are new ones every run."""
    if shape == "declarations":
        lines = [f"int v{tag}_{k} = {k} * 2;" for k in range(n)]
    elif shape == "statements":
        lines = [f"list.add({k});" for k in range(n)]
    elif shape == "assistant":
        lines = [assistant_statement(k, n, tag) for k in range(n)]
    else:
        lines = [mix_statement(k, tag) for k in range(n)]
    return "\n".join(lines)


def one_unit(shape, n, tag):
    """The cell of shape_cell(shape, n, tag) as one compilation unit, for javac alone: its methods and
    records members of a class, its statements and variables (var among them) in one method, in order."""
    members, body = [], []
    for k in range(n):
        text = mix_statement(k, tag) if shape == "mix" else assistant_statement(k, n, tag)
        if text.startswith("record "):
            members.append(text)
        elif re.match(r"(int|double) \w+\(", text):
            members.append("static " + text)
        elif shape == "assistant" and k == n - 1:
            body.append(f"return {text};")
        else:
            body.append(text)
    returns = "Object" if shape == "assistant" else "void"
    return ("import java.util.*;\nimport java.util.stream.*;\n\nclass Cell {\n"
            "static List<Integer> list = new ArrayList<>();\n" + "\n".join(members)
            + f"\nstatic {returns} run() {{\n" + "\n".join(body) + "\n}\n}\n")


def median(values):
    return statistics.median(values)


def p95(values):
    """Nearest rank: the 19th of 20, the 30th of 31."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def new_shapes():
    return {(shape, n): [] for shape in SHAPES for n in SIZES}


def session(run, plan, shapes, first=True, max_rounds=None):
    """A session as every kernel and the floor go through it; cell 1, the cold-start 1+1, has run.

    run(code) -> (ms, status); shapes collects the timed shape cells. The first session: cells 1-5 are
    warm-ups, 6-35 the first 30 timed 1+1, 36-169 more 1+1, 170-200 the warm 1+1 (also the early one
    for late/early). Then the list the statements fill, a warm-up round of the sixteen shape cells (each
    shape at 1, 5, 20 and 50 statements) and timed rounds; once plan["late_after"] statements have run,
    31 cells of 1+1 (the late 1+1), and the session ends with that round. A later session (a fresh
    kernel, for the runs the first one left) has 5 warm-up cells of 1+1, the list, the warm-up round and
    at most max_rounds timed rounds, so that no session grows past the first one's statements: a cell's
    cost grows with the session (the late 1+1 shows by how much), and the shape figures should not
    depend on how many runs were asked for.
    """
    f = {}
    state = {"cell": 1, "statements": 0}

    def execute(code):
        ms, status = run(code)
        assert status == "ok", (code[:200], status)
        state["cell"] += 1
        return ms

    def ones(count):
        return [execute("1+1") for _ in range(count)]

    ones(4 if first else 5)
    if first:
        f["first30"] = ones(30)
        ones(169 - state["cell"])
        f["warm_from"] = state["cell"] + 1
        f["warm"] = ones(31)
    execute(LIST_SETUP)

    def remaining():
        return plan["runs"] - len(shapes[(SHAPES[0], SIZES[0])])

    def shape_round(timed):
        for shape in SHAPES:
            for n in SIZES:
                ms = execute(shape_cell(shape, n, state["cell"] + 1))
                state["statements"] += n
                if timed:
                    shapes[(shape, n)].append(ms)
                if first and "late" not in f and state["statements"] >= plan["late_after"]:
                    f["late_after"] = state["statements"]
                    f["late"] = ones(31)

    for _ in range(plan["warmup_rounds"]):
        shape_round(False)
    rounds = 0
    if first:
        while "late" not in f:
            timed = remaining() > 0
            shape_round(timed)
            rounds += timed
    else:
        while rounds < max_rounds and remaining() > 0:
            shape_round(True)
            rounds += 1
    f["timed_rounds"] = rounds
    f["statements"] = state["statements"]
    f["cells"] = state["cell"]
    return f


def more_sessions(fresh, plan, shapes, first):
    """Fresh sessions, each no longer than the first, until every shape cell has its runs."""
    count = 1
    while len(shapes[(SHAPES[0], SIZES[0])]) < plan["runs"]:
        run, close = fresh()
        session(run, plan, shapes, first=False, max_rounds=max(1, first["timed_rounds"]))
        close()
        count += 1
    return {"shapes": shapes, "sessions": count}


class Floor:
    """Floors.java in a fresh JVM: a bare in-process JShell, one eval per snippet."""

    def __init__(self, java, classpath):
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([java, "-cp", classpath, "Floors"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.err)
        word, ms, status = self._reply()
        assert word == "ready" and status == "ok", (word, status)
        self.create_and_first_eval_ms = float(ms)

    def _reply(self):
        line = self.proc.stdout.readline().decode()
        if not line:
            self.err.seek(0)
            sys.exit("Floors exited:\n" + self.err.read().decode()[-4000:])
        return line.split()

    def _send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def run(self, code):
        data = code.encode()
        self._send(b"eval %d\n" % len(data) + data)
        ms, status = self._reply()
        return float(ms), status

    def compile(self, unit):
        data = unit.encode()
        self._send(b"javac %d\n" % len(data) + data)
        ms, status = self._reply()
        return float(ms), status

    def zmq_echo_ms(self):
        self._send(b"zmq\n")
        return float(self._reply()[0])

    def close(self):
        self._send(b"quit\n")
        self.proc.wait(timeout=60)


def floors(java, classpath, plan):
    starts = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([java, "-version"], capture_output=True, check=True)
        starts.append((time.perf_counter() - t) * 1000)
    floor = Floor(java, classpath)
    values = {"jvm_start_ms": median(starts), "first_result_ms": floor.create_and_first_eval_ms}
    time.sleep(1)
    values["rss_after_start_kb"] = rss_kb(floor.proc.pid)
    shapes = new_shapes()
    first = session(floor.run, plan, shapes)
    values.update(first)
    values["rss_after_session_kb"] = rss_kb(floor.proc.pid)
    values["zmq_echo_ms"] = floor.zmq_echo_ms()
    for shape in JAVAC_SHAPES:
        times = []
        for i in range(5 + plan["runs"]):
            ms, status = floor.compile(one_unit(shape, 50, f"javac{i}"))
            assert status == "ok", (shape, status)
            times.append(ms)
        values[f"javac_{shape}_50_ms"] = median(times[5:])
    floor.close()

    def fresh():
        floor = Floor(java, classpath)
        return floor.run, floor.close
    values.update(more_sessions(fresh, plan, shapes, first))
    # The floor of the 100-cell notebook: a fresh JVM, JShell built, the same 100 cells.
    t = time.perf_counter()
    floor = Floor(java, classpath)
    for cell in hundred_cells():
        _, status = floor.run(cell)
        assert status == "ok", (cell, status)
    values["notebook_100_ms"] = (time.perf_counter() - t) * 1000
    values["rss_after_100_kb"] = rss_kb(floor.proc.pid)
    floor.close()
    return values


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


def execute(kc, code, timeout=120):
    result = {}

    def hook(msg):
        if msg["msg_type"] == "execute_result":
            result["value"] = msg["content"]["data"]["text/plain"]
    reply = kc.execute_interactive(code, output_hook=hook, timeout=timeout)
    return reply["content"]["status"], result.get("value")


def fresh_kernel(name):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info(reply=True, timeout=60)
    return km, kc


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def cold_start(name):
    """A kernel started from nothing: (manager, client, ms to kernel_info_reply, ms to the first 1+1 result)."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info(reply=True, timeout=60)
    info = (time.perf_counter() - t0) * 1000
    status, value = execute(kc, "1+1")
    first = (time.perf_counter() - t0) * 1000
    assert status == "ok" and value == "2", (name, status, value)
    return km, kc, info, first


def cold_starts(kernels, count):
    """Cold start to kernel_info_reply and to the first 1+1 result, count rounds, the kernels alternating
    within each round so that drift of the machine hits them alike: {name: [(kernel_info, first), ...]}."""
    times = {name: [] for name in kernels}
    for _ in range(count):
        for name in kernels:
            km, kc, info, first = cold_start(name)
            stop(km, kc)
            times[name].append((info, first))
    return times


def report_cold_starts(times):
    print()
    rounds = len(next(iter(times.values())))
    print(f"Cold starts ({rounds} rounds, kernels alternating; min / median / max):")
    for name, pairs in times.items():
        for index, label in ((0, "kernel_info_reply"), (1, "first 1+1 result ")):
            values = [p[index] for p in pairs]
            print(f"  {name:<12} {label} {min(values):7.0f} / {median(values):7.0f} / {max(values):7.0f} ms")
    ref = next((name for name in times if name.startswith("jjava")), None)
    if ref is None:
        return
    for name in times:
        if name == ref:
            continue
        per_round = [mine[1] / theirs[1] for mine, theirs in zip(times[name], times[ref])]
        worst = max(per_round)
        print(f"  {name} first result / {ref}'s, each round: " + ", ".join(f"{r:.2f}x" for r in per_round)
              + f"; worst {worst:.2f}x (target <= 0.5x in every run: {'yes' if worst <= 0.5 else 'NO'})")


def measure_kernel(name, plan):
    figures = {}
    km, kc, figures["kernel_info_ms"], figures["first_result_ms"] = cold_start(name)
    pid = km.provisioner.process.pid
    time.sleep(1)
    figures["rss_after_start_kb"] = rss_kb(pid)

    def run(code):
        t = time.perf_counter()
        status, _ = execute(kc, code)
        return (time.perf_counter() - t) * 1000, status
    shapes = new_shapes()
    first = session(run, plan, shapes)
    figures.update(first)
    figures["rss_after_session_kb"] = rss_kb(pid)
    stop(km, kc)

    def fresh():
        km, kc = fresh_kernel(name)

        def run(code):
            t = time.perf_counter()
            status, _ = execute(kc, code)
            return (time.perf_counter() - t) * 1000, status
        return run, lambda: stop(km, kc)
    figures.update(more_sessions(fresh, plan, shapes, first))

    km, kc = fresh_kernel(name)
    for cell in hundred_cells():
        execute(kc, cell)
    figures["rss_after_100_kb"] = rss_kb(km.provisioner.process.pid)
    stop(km, kc)

    nb = new_notebook(cells=[new_code_cell(c) for c in hundred_cells()])
    t = time.perf_counter()
    NotebookClient(nb, kernel_name=name, timeout=120, startup_timeout=60).execute()
    figures["notebook_100_ms"] = (time.perf_counter() - t) * 1000
    figures["maven_local_ms"] = measure_maven(name)
    return figures


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


SUBSHELL_REQUESTS = [
    ("complete", "complete_request", {"code": "String s = \"\"; s.toUpp", "cursor_pos": 22}),
    ("inspect", "inspect_request", {"code": "Math.max", "cursor_pos": 8, "detail_level": 0}),
    ("is_complete", "is_complete_request", {"code": "class A {"}),
    ("history", "history_request", {"output": False, "raw": True, "hist_access_type": "tail", "n": 10}),
    ("comm_info", "comm_info_request", {}),
    ("execute 1+1", "execute_request", {"code": "1 + 1", "silent": False, "store_history": True,
                                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}),
]
SPIN_CELL = "long spins = 0;\nwhile (true) { spins++; }"


def on_subshell(kc, subshell, msg_type, content):
    """ms from sending a shell request for the subshell to its reply."""
    msg = kc.session.msg(msg_type, content)
    msg["header"]["subshell_id"] = subshell
    t = time.perf_counter()
    kc.shell_channel.send(msg)
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            assert reply["content"]["status"] != "error", reply["content"]
            return (time.perf_counter() - t) * 1000


def subshell_latency(name, repeats=30):
    """Each request on a subshell, answered while the main shell is idle and while a main-shell cell
    keeps a core busy, in the same kernel, the two states alternating."""
    km, kc = fresh_kernel(name)
    control = kc.session.msg("create_subshell_request", {})
    kc.control_channel.send(control)
    subshell = kc.get_control_msg(timeout=60)["content"]["subshell_id"]
    times = {(state, label): [] for state in ("idle", "busy") for label, _, _ in SUBSHELL_REQUESTS}
    for _, msg_type, content in SUBSHELL_REQUESTS * 5:  # warm-up
        on_subshell(kc, subshell, msg_type, content)
    for _ in range(repeats):
        for state in ("idle", "busy"):
            spin = kc.execute(SPIN_CELL) if state == "busy" else None
            if spin:
                while not (m := kc.get_iopub_msg(timeout=60))["msg_type"] == "execute_input" \
                        or m["parent_header"]["msg_id"] != spin:
                    pass
            for label, msg_type, content in SUBSHELL_REQUESTS:
                times[(state, label)].append(on_subshell(kc, subshell, msg_type, content))
            if spin:
                kc.control_channel.send(kc.session.msg("interrupt_request", {}))
                while kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != spin:
                    pass
    stop(km, kc)
    return times


def report_subshells(name, times, repeats):
    print()
    print(f"Subshell requests on {name} ({repeats} each; median / p95 ms; while the main shell idles, and "
          f"while its cell keeps a core busy):")
    for label, _, _ in SUBSHELL_REQUESTS:
        idle, busy = times[("idle", label)], times[("busy", label)]
        print(f"  {label:<12} idle {median(idle):6.1f} / {p95(idle):6.1f}   busy {median(busy):6.1f} / "
              f"{p95(busy):6.1f}   busy/idle {median(busy) / median(idle):.2f}x")


def mcp_latency(name, repeats):
    """`1 + 1` through the MCP server's run_cell (the TypeScript SDK's client, as an agent calls it) and
    through jupyter_client, each after the same warm-up, in the same run."""
    km, kc = fresh_kernel(name)
    for _ in range(5):
        execute(kc, "1 + 1")
    direct = [timed(kc, "1 + 1") for _ in range(repeats)]
    argv = km.kernel_spec.argv
    stop(km, kc)
    out = subprocess.run(["node", os.path.join(HERE, "mcp_latency.mjs"), MCP_MODULES, str(repeats), "1 + 1",
                          argv[0], argv[argv.index("-jar") + 1], name],
                         capture_output=True, text=True, timeout=600, check=True).stdout
    return direct, json.loads(out.strip().splitlines()[-1])


def report_mcp(name, direct, through_mcp):
    print()
    print(f"run_cell of 1 + 1 through MCP on {name} ({len(direct)} each; median / p95 ms):")
    print(f"  jupyter_client execute    {median(direct):6.1f} / {p95(direct):6.1f}")
    print(f"  MCP run_cell (stdio)      {median(through_mcp):6.1f} / {p95(through_mcp):6.1f}   "
          f"MCP/jupyter_client {median(through_mcp) / median(direct):.2f}x")


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


def summarize(f):
    """The session's scalar figures, the same keys for a kernel and the floor."""
    s = dict(f)
    s["first30_ms"] = median(f["first30"])
    s["warm_ms"] = median(f["warm"])
    s["warm_p95_ms"] = p95(f["warm"])
    s["late_ms"] = median(f["late"])
    for (shape, n), times in f["shapes"].items():
        s[f"{shape}_{n}_ms"] = median(times)
        s[f"{shape}_{n}_p95_ms"] = p95(times)
    for shape in SHAPES:
        s[f"{shape}_slope_ms"] = (s[f"{shape}_50_ms"] - s[f"{shape}_1_ms"]) / 49
    return s


def rows(s):
    # (label, figure, floor's figure or None, unit)
    return [
        ("cold start to kernel_info_reply", "kernel_info_ms", "jvm_start_ms", "ms"),
        ("cold start to first 1+1 result", "first_result_ms", "first_result_ms", "ms"),
        ("1+1, first 30 cells after 5 warm-ups", "first30_ms", "first30_ms", "ms"),
        (f"1+1, cells {s['warm_from']}-{s['warm_from'] + 30} (warm), median", "warm_ms", "warm_ms", "ms"),
        (f"1+1, cells {s['warm_from']}-{s['warm_from'] + 30} (warm), p95", "warm_p95_ms", "warm_p95_ms", "ms"),
        ("warm 1+1 vs ZeroMQ echo", "warm_ms", "zmq_echo_ms", "ms"),
        (f"1+1 after {s['late_after']:,} statements (late)", "late_ms", "late_ms", "ms"),
        ("100-cell notebook via nbclient", "notebook_100_ms", "notebook_100_ms", "ms"),
        ("%maven commons-csv, local repo, + use", "maven_local_ms", None, "ms"),
        ("RSS after start", "rss_after_start_kb", "rss_after_start_kb", "MB"),
        ("RSS after 100 cells (fresh kernel)", "rss_after_100_kb", "rss_after_100_kb", "MB"),
        (f"RSS after the first session ({s['cells']} cells)", "rss_after_session_kb", "rss_after_session_kb",
         "MB"),
    ]


FLOOR_ROWS = [
    ("jvm_start_ms", "bare JVM start (java -version)"),
    ("first_result_ms", "JShell create + first eval, in-process"),
    ("first30_ms", "JShell 1+1, first 30 evals after 5 warm-ups"),
    ("warm_ms", "JShell warm eval of 1+1 (same cells as the kernels)"),
    ("late_ms", "JShell 1+1 after the same statements (late)"),
    ("zmq_echo_ms", "jeromq REQ/REP echo on loopback"),
    ("javac_mix_50_ms", "javac alone, the 50-statement mix as one unit"),
    ("javac_assistant_50_ms", "javac alone, the 50-statement assistant cell, one unit"),
    ("notebook_100_ms", "fresh JVM, JShell create, the same 100 cells"),
    ("rss_after_start_kb", "RSS of the JShell JVM after start"),
    ("rss_after_100_kb", "RSS of the JShell JVM after the 100 cells"),
    ("rss_after_session_kb", "RSS of the JShell JVM after the first session"),
]

SHAPE_LABELS = {"declarations": "declarations (int vK = K * 2;)", "statements": "statements (list.add(K);)",
                "mix": "mix (decl, loop, method, record, println)",
                "assistant": "assistant (record, helper, data, stream, loop, print; expression)"}


def show(value, unit="ms"):
    if value is None:
        return "n/a"
    if unit == "MB":
        return f"{value / 1024:.0f} MB"
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def ratio(a, b):
    return a / b if a is not None and b else None


def targets(name, s, floor, ref_name, ref):
    """The issue's targets: (label, value shown, target shown, met: True/False/None when not measurable)."""
    out = []

    def against_ref(label, key, limit):
        if ref is None:
            out.append((f"{label} / {ref_name or 'JJava'}", "n/a", f"<= {limit}x", None))
        else:
            r = ratio(s[key], ref[key])
            out.append((f"{label} / {ref_name}", f"{r:.2f}x", f"<= {limit}x", r <= limit))

    for shape in SHAPES:
        against_ref(f"20 {shape}", f"{shape}_20_ms", 0.25)
    for shape in JAVAC_SHAPES:
        against_ref(f"50 {shape}", f"{shape}_50_ms", 0.15)
    for shape in JAVAC_SHAPES:
        r = ratio(s[f"{shape}_50_ms"], floor[f"javac_{shape}_50_ms"])
        out.append((f"50 {shape} / javac alone, one unit", f"{r:.2f}x", "<= 2x", r <= 2))
    for shape in SHAPES:
        r = ratio(s[f"{shape}_20_ms"], s["warm_ms"])
        out.append((f"20 {shape} / own warm 1+1", f"{r:.2f}x", "<= 3x", r <= 3))
    slope = s["statements_slope_ms"]
    out.append(("statements: (median at 50 - at 1) / 49", f"{slope:.2f} ms", "<= 1 ms", slope <= 1))
    against_ref("1+1 over the first 30 cells", "first30_ms", 0.5)
    against_ref("first result after a cold start", "first_result_ms", 0.5)
    r = ratio(s["late_ms"], s["warm_ms"])
    out.append((f"late 1+1 / early 1+1 (after {s['late_after']:,} stmts)", f"{r:.2f}x", "<= 1.2x", r <= 1.2))
    extra = s["warm_ms"] - floor["warm_ms"] - floor["zmq_echo_ms"]
    out.append(("warm 1+1 - JShell eval - ZeroMQ echo", f"{extra:.2f} ms", "<= 2 ms", extra <= 2))
    return out


def report(plan, floor, results):
    kernels = list(results)
    print()
    print("Floors (same machine, same run; the JShell figures run the kernels' cells in a fresh JVM):")
    for key, label in FLOOR_ROWS:
        print(f"  {label:<52} {show(floor[key], 'MB' if key.endswith('_kb') else 'ms'):>10}")
    ref_name = next((k for k in kernels if "jjava" in k.lower()), None)
    ref = results.get(ref_name)
    for name, s in results.items():
        print()
        print(f"Kernel {name}:")
        print(f"  {'figure':<44} {'value':>10}   {'floor':>10}   {'ratio':>7}")
        for label, key, floor_key, unit in rows(s):
            value = s[key]
            if floor_key and value is not None:
                print(f"  {label:<44} {show(value, unit):>10}   {show(floor[floor_key], unit):>10}"
                      f"   {value / floor[floor_key]:6.1f}x")
            else:
                print(f"  {label:<44} {show(value, unit):>10}")
        print(f"  cells by size, {plan['runs']} runs each in {s['sessions']} sessions of at most "
              f"{s['statements']:,} statements, each after {plan['warmup_rounds']} warm-up round(s);\n"
              f"  floor: median of JShell, one eval per statement, {floor['sessions']} sessions")
        print(f"  {'shape':<44} {'median':>10}   {'p95':>10}   {'floor':>10}   {'ratio':>7}")
        for shape in SHAPES:
            for n in SIZES:
                label = f"{SHAPE_LABELS[shape]} x{n}"
                value = s[f"{shape}_{n}_ms"]
                print(f"  {label:<44} {show(value):>10}   {show(s[f'{shape}_{n}_p95_ms']):>10}"
                      f"   {show(floor[f'{shape}_{n}_ms']):>10}   {value / floor[f'{shape}_{n}_ms']:6.1f}x")
        print("  cost per statement, slope (median at 50 - median at 1) / 49:")
        for shape in SHAPES:
            print(f"    {shape:<12} {s[f'{shape}_slope_ms']:6.2f} ms   (floor {floor[f'{shape}_slope_ms']:6.2f} ms)")
    for name, s in results.items():
        if not name.startswith("jaudit"):
            continue
        rows_ = targets(name, s, floor, ref_name, ref)
        met = sum(1 for row in rows_ if row[3])
        measured = sum(1 for row in rows_ if row[3] is not None)
        print()
        print(f"Targets for {name} (ratios in this run; {met} of {measured} measurable met"
              f"{'' if ref else '; no JJava in this run (BENCH_KERNELS=...,jjava)'}):")
        print(f"  {'target':<52} {'value':>9}   {'target':>8}   met")
        for label, value, target, ok in rows_:
            print(f"  {label:<52} {value:>9}   {target:>8}   {'-' if ok is None else 'yes' if ok else 'NO'}")
    if len(results) > 1:
        base = kernels[0]
        keys = ["kernel_info_ms", "first_result_ms", "first30_ms", "warm_ms", "late_ms",
                *[f"{shape}_20_ms" for shape in SHAPES], "notebook_100_ms", "maven_local_ms", "rss_after_100_kb"]
        print()
        print(f"Side by side (each kernel's figure / {base}'s):")
        for name in kernels[1:]:
            ratios = ", ".join(f"{key.removesuffix('_ms')} {results[name][key] / results[base][key]:.2f}x"
                               for key in keys if results[base][key] and results[name][key])
            print(f"  {name}: {ratios}")


def main():
    if sys.argv[1:2] == ["--jmh"]:
        hook_check(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    args = sys.argv[1:]
    plan = FULL
    if args[:1] == ["--quick"]:
        plan, args = QUICK, args[1:]
    kernels = args or ["jaudit"]
    java = os.environ.get("BENCH_JAVA", "java")
    started_at = time.perf_counter()
    floor = summarize(floors(java, os.environ["BENCH_CLASSPATH"], plan))
    print(f"floors measured in {time.perf_counter() - started_at:.0f} s", file=sys.stderr)
    results = {}
    for name in kernels:
        t = time.perf_counter()
        results[name] = summarize(measure_kernel(name, plan))
        print(f"{name} measured in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    report(plan, floor, results)
    report_cold_starts(cold_starts(kernels, plan["cold_starts"]))
    for name in kernels:
        if not name.startswith("jaudit"):
            continue
        repeats = plan["audit_repeats"]
        times = audit_costs(name, repeats)
        print()
        print(f"Audit cost on {name} ({repeats} runs each, alternating, same run; audited vs enabled=false):")
        for key, label in (("compute", "compute cell (500M calls in nested loops)"),
                           ("writes", "10,000 small file writes inside a root   ")):
            a, u = times[("audited", key)], times[("unaudited", key)]
            print(f"  {label} median {median(a):7.1f} vs {median(u):7.1f} ms, ratio "
                  f"{median(a) / median(u):.3f}; best {min(a):7.1f} vs {min(u):7.1f} ms, "
                  f"ratio {min(a) / min(u):.3f}")
    for name in kernels:
        if name.startswith("jaudit"):
            repeats = plan["subshell_repeats"]
            report_subshells(name, subshell_latency(name, repeats), repeats)
            report_mcp(name, *mcp_latency(name, plan["mcp_repeats"]))
    print(f"\nbench.py took {time.perf_counter() - started_at:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
