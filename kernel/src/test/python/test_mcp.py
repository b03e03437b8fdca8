"""AI agents run Java through `jaudit-kernel.jar mcp`: the official MCP TypeScript SDK's client (the one
common agent clients are built on) over stdio and Streamable HTTP, and the MCP Inspector's CLI. Every
cell runs under the agent's policy and is marked as the agent's; a denial comes back with its structured
part; the policy's `ask` reaches the person as the client's elicitation; progress, timeout, interrupt,
cancellation, restart, a kernel that dies, bad input; attaching to a kernel jupyter_client started, under
kernel.json's bound for agents; the record notebook.

The driver is kernel/src/test/mcp/agent_client.mjs (tools/test installs the pinned packages into
build/mcp-client); this module starts the servers and turns each check the driver reports into a test.
"""
import json
import os
import pathlib
import re
import subprocess
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from conftest import KERNELS
from served import run_driver

ROOT = pathlib.Path(__file__).resolve().parents[4]
DRIVER = ROOT / "kernel" / "src" / "test" / "mcp" / "agent_client.mjs"
MODULES = ROOT / "build" / "mcp-client"
DRIVER_LIMIT = 10 * 60
MAIN_CHECKS = ["tools_listed", "value_and_state", "denial_is_structured", "audit_log_and_policy",
               "progress_reports_the_latest_line", "timeout_interrupts", "interrupt_tool_stops_a_cell",
               "cancel_interrupts_the_cell",
               "complete_and_inspect", "bad_input_gets_clear_errors", "restart_gives_a_fresh_kernel"]


def server_command(kernel, *options):
    """`java -jar jaudit-kernel.jar mcp OPTIONS` with the kernelspec's own JVM and jar."""
    argv = KernelSpecManager().get_kernel_spec(kernel).argv
    jar = argv[argv.index("-jar") + 1]
    return [argv[0], "-jar", jar, "mcp", "--kernel", kernel, *options]


def folders(base):
    work = base / "work"
    for name in ("allowed", "outside"):
        (work / name).mkdir(parents=True, exist_ok=True)
    return work


def agent_session(base, kernel, checks, policy, answer="once", record=None, http=False, extra=()):
    """Runs the driver's `checks` against a server for `kernel`; what the driver saw."""
    assert (MODULES / "node_modules" / "@modelcontextprotocol" / "sdk").is_dir(), \
        f"@modelcontextprotocol/sdk is not installed in {MODULES}: ./tools/test installs it"
    work = folders(base)
    options = ["--policy", json.dumps(policy), *(["--record", str(record)] if record else []), *extra]
    results, config = base / "results.json", base / "driver.json"
    process = None
    if http:
        process = subprocess.Popen(server_command(kernel, "--http", "0", *options), cwd=work,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
        server = {"url": serving_url(process)}
    else:
        command = server_command(kernel, *options)
        server = {"command": command[0], "args": command[1:], "cwd": str(work), "env": dict(os.environ)}
    config.write_text(json.dumps({"results": str(results), "modules": str(MODULES), "checks": checks,
                                  "server": server, "work": str(work), "answer": answer}))
    try:
        return run_driver(DRIVER, config, results, DRIVER_LIMIT, f"MCP agent checks on {kernel}")
    finally:
        if process:
            process.terminate()
            process.wait(timeout=60)


def serving_url(process, limit=90):
    """The URL the HTTP server prints once it listens."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        found = re.search(r"serving MCP on (http://\S+)", line)
        if found:
            return found.group(1)
        assert line or process.poll() is None, f"the MCP server ended with {process.poll()}"
    pytest.fail("the MCP server did not say where it serves")


@pytest.fixture(scope="module", params=KERNELS)
def over_stdio(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("mcp-stdio")
    return agent_session(base, request.param, MAIN_CHECKS, {"roots": [str(base / "work" / "allowed")]})


@pytest.mark.parametrize("check", MAIN_CHECKS)
def test_an_agent_over_stdio(over_stdio, check):
    over_stdio.check(check)


@pytest.mark.parametrize("kernel", KERNELS)
def test_every_agent_cell_is_recorded_and_the_record_reruns_under_the_same_policy(tmp_path, kernel):
    record = tmp_path / "agent.ipynb"
    policy = {"roots": [str(tmp_path / "work" / "allowed")]}
    verdicts = agent_session(tmp_path, kernel, ["value_and_state", "denial_is_structured"], policy, record=record)
    verdicts.check("denial_is_structured")
    notebook = json.loads(record.read_text())
    assert notebook["nbformat"] == 4 and notebook["metadata"]["kernelspec"]["language"] == "java"
    sources = [c["source"] for c in notebook["cells"]]
    assert sources[:2] == ["int x = 6;", "x * 7"]
    value = notebook["cells"][1]
    assert value["outputs"][0]["data"]["text/plain"] == "42"
    assert value["metadata"]["audit"] == policy and value["metadata"]["jaudit"] == {"agent": "jaudit-test-agent"}
    denied = next(c for c in notebook["cells"] if "outside" in c["source"])
    assert denied["metadata"]["tags"] == ["raises-exception"]
    assert any(o["output_type"] == "error" and "file.write" in o["evalue"] for o in denied["outputs"])
    # A person re-runs it with the project's runner: the same policy, the same denial, marked the agent's.
    out = tmp_path / "rerun"
    run = subprocess.run(["/usr/bin/python3", str(ROOT / "tools" / "run_notebooks.py"), "--kernel", kernel,
                          "--output-dir", str(out), str(record)], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path / "work")
    assert run.returncode == 0, run.stdout + run.stderr
    rerun = json.loads((out / "agent.ipynb").read_text())["cells"]
    again = next(c for c in rerun if "outside" in "".join(c["source"]))  # nbformat writes lines as a list
    errors = [o for o in again["outputs"] if o["output_type"] == "error"]
    assert errors and "Audit: file.write blocked" in errors[0]["evalue"] and "(agent jaudit-test-agent)" in \
        "\n".join(errors[0]["traceback"]), again["outputs"]
    assert not (tmp_path / "work" / "outside" / "x.txt").exists()


@pytest.mark.parametrize("answer", ["once", "decline", None], ids=["yes", "no", "no-elicitation"])
@pytest.mark.parametrize("kernel", KERNELS)
def test_an_ask_reaches_the_person_through_the_agents_client(tmp_path, kernel, answer):
    policy = {"roots": [str(tmp_path / "work" / "allowed")], "ask": True, "ask_timeout": 30}
    agent_session(tmp_path, kernel, ["ask_goes_to_the_person"], policy, answer=answer).check("ask_goes_to_the_person")


@pytest.mark.parametrize("kernel", KERNELS)
def test_an_agent_over_streamable_http(tmp_path, kernel):
    policy = {"roots": [str(tmp_path / "work" / "allowed")], "ask": True}
    checks = ["tools_listed", "value_and_state", "ask_goes_to_the_person", "cancel_interrupts_the_cell"]
    verdicts = agent_session(tmp_path, kernel, checks, policy, http=True)
    for check in checks:
        verdicts.check(check)


@pytest.mark.parametrize("kernel", KERNELS)
def test_a_kernel_that_dies_mid_cell_is_reported_and_restartable(tmp_path, kernel):
    policy = {"roots": [str(tmp_path / "work" / "allowed")], "allow": [{"event": "runtime.exit"}]}
    agent_session(tmp_path, kernel, ["kernel_death_is_reported"], policy).check("kernel_death_is_reported")


@pytest.mark.parametrize("kernel", KERNELS)
def test_attached_to_a_persons_kernel_the_agent_shares_its_state(tmp_path, kernel):
    person = KernelManager(kernel_name=kernel)
    person.start_kernel()
    kc = person.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        verdicts = agent_session(tmp_path, kernel, ["attached_kernel_is_shared"], {},
                                 extra=("--connection-file", person.connection_file))
        verdicts.check("attached_kernel_is_shared")
        seen = []
        reply = kc.execute_interactive("sharedWithPerson", timeout=60, output_hook=seen.append)
        assert reply["content"]["status"] == "ok"
        assert any(m["msg_type"] == "execute_result" and m["content"]["data"]["text/plain"] == "7" for m in seen)
    finally:
        kc.stop_channels()
        person.shutdown_kernel(now=True)


@pytest.mark.parametrize("kernel", KERNELS)
def test_kernel_json_bounds_agent_cells_tighter_than_the_persons_and_than_the_agents_own_policy(tmp_path, kernel):
    work = folders(tmp_path)
    source = pathlib.Path(KernelSpecManager().get_kernel_spec(kernel).resource_dir)
    spec_dir = tmp_path / "kernels" / "bounded"
    spec_dir.mkdir(parents=True)
    for item in source.iterdir():
        if item.name != "kernel.json":
            (spec_dir / item.name).symlink_to(item)
    spec = json.loads((source / "kernel.json").read_text())
    spec["metadata"]["audit"] = {"roots": [str(tmp_path)], "agent": {"roots": [str(work / "allowed")]}}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    person = KernelManager(kernel_name="bounded", kernel_spec_manager=KernelSpecManager(
        kernel_dirs=[str(tmp_path / "kernels")]))
    person.start_kernel(cwd=str(work))
    kc = person.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        # The agent's own policy asks for more than kernel.json's agent key grants: it gets no more.
        wide = {"roots": [str(work / "allowed"), str(work / "outside")]}
        agent_session(tmp_path, kernel, ["agent_bound_by_kernelspec"], wide,
                      extra=("--connection-file", person.connection_file)).check("agent_bound_by_kernelspec")
        reply = kc.execute_interactive(f'java.nio.file.Files.writeString(java.nio.file.Path.of("{work / "outside" / "person.txt"}"), "x");',
                                       timeout=60, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
        person.shutdown_kernel(now=True)


@pytest.mark.parametrize("kernel", KERNELS)
def test_a_connection_file_with_a_wrong_key_is_a_clear_error_and_the_server_stays_up(tmp_path, kernel):
    person = KernelManager(kernel_name=kernel)
    person.start_kernel()
    try:
        info = json.loads(pathlib.Path(person.connection_file).read_text())
        info["key"] = "not-the-kernels-key"
        wrong = tmp_path / "wrong.json"
        wrong.write_text(json.dumps(info))
        agent_session(tmp_path, kernel, ["wrong_key_reported"], {},
                      extra=("--connection-file", str(wrong))).check("wrong_key_reported")
    finally:
        person.shutdown_kernel(now=True)


def test_a_bad_policy_stops_the_server_with_the_key_named(tmp_path):
    run = subprocess.run(server_command(KERNELS[0], "--policy", '{"roots": "nope"}'), capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert run.returncode == 3 and "roots" in run.stderr, run.stderr


@pytest.mark.parametrize("kernel", KERNELS)
def test_the_mcp_inspector_cli_lists_and_calls_the_tools(tmp_path, kernel):
    inspector = MODULES / "node_modules" / ".bin" / "mcp-inspector"
    work = folders(tmp_path)
    command = server_command(kernel, "--policy", json.dumps({"roots": [str(work / "allowed")]}))
    env = dict(os.environ, MCP_CATALOG_PATH=str(tmp_path / "catalog.json"))
    # The Inspector hands a stdio server only a default environment: where the kernelspecs are, it is told.
    passed = [f"{name}={os.environ[name]}" for name in ("JUPYTER_PATH", "JAVA_TOOL_OPTIONS") if name in os.environ]
    inspector = [str(inspector), "--cli", *[a for p in passed for a in ("-e", p)]]
    listed = subprocess.run([*inspector, *command, "--method", "tools/list"], capture_output=True,
                            text=True, timeout=180, cwd=work, env=env, stdin=subprocess.DEVNULL)
    assert listed.returncode == 0, listed.stderr[-3000:]
    names = {t["name"] for t in json.loads(listed.stdout)["tools"]}
    assert {"run_cell", "interrupt", "restart", "complete", "inspect", "audit_log", "policy"} <= names
    called = subprocess.run([*inspector, *command, "--method", "tools/call", "--tool-name", "run_cell",
                             "--tool-arg", "code=6 * 7"], capture_output=True, text=True, timeout=180, cwd=work,
                            env=env, stdin=subprocess.DEVNULL)
    assert called.returncode == 0, called.stderr[-3000:]
    result = json.loads(called.stdout)
    assert result["structuredContent"]["status"] == "ok"
    assert any(c["type"] == "text" and c["text"] == "42" for c in result["content"])
