"""The installer, as a user runs it: java -jar jaudit-kernel.jar install / uninstall."""
import json
import os
import pathlib
import subprocess
import time

import pytest

JAR = pathlib.Path(__file__).resolve().parents[3] / "target" / "jaudit-kernel.jar"
JDK25 = pathlib.Path(os.environ.get("JDK25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin" / "java"


def jaudit(*args, env=None):
    return subprocess.run(["java", "-jar", str(JAR), *args], capture_output=True, text=True, timeout=300, env=env)


def test_install_writes_a_kernelspec_running_the_installing_java(tmp_path):
    result = jaudit("install", "--prefix", str(tmp_path))
    assert result.returncode == 0, result.stderr
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "jaudit"
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["display_name"] == "Java (jaudit)"
    assert spec["language"] == "java"
    assert spec["interrupt_mode"] == "message"
    java = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    java_home = next(l.split("=", 1)[1].strip() for l in java.splitlines() if "java.home =" in l)
    assert spec["argv"][0] == os.path.join(java_home, "bin", "java")
    assert "{connection_file}" in spec["argv"] and str(spec_dir / "jaudit-kernel.jar") in spec["argv"]
    # Paths into the folder are absolute for clients that do not replace {resource_dir}; only the folder
    # the kernel reads its policy from stays the placeholder, so that a copy of the folder is read as the copy.
    assert spec["argv"][-1] == "{resource_dir}"
    assert not any("{resource_dir}" in a for a in spec["argv"][:-1])
    for name in ("jaudit-kernel.jar", "logo-32x32.png", "logo-64x64.png"):
        assert (spec_dir / name).is_file()


def wait_for_heartbeat(connection, kernel, timeout=60):
    """Returns once the kernel's heartbeat echoes. jupyter_client, given a kernel it did not start, takes a
    heartbeat missed for a second as a dead kernel, and a cold JVM may take longer than that to bind."""
    import zmq
    info = json.loads(pathlib.Path(connection).read_text())
    endpoint = f"{info['transport']}://{info['ip']}:{info['hb_port']}"
    context = zmq.Context.instance()
    deadline = time.monotonic() + timeout
    while True:
        assert kernel.poll() is None, f"the kernel exited with {kernel.returncode}"
        assert time.monotonic() < deadline, f"no heartbeat on {endpoint} within {timeout} s"
        ping = context.socket(zmq.REQ)
        ping.setsockopt(zmq.LINGER, 0)
        ping.connect(endpoint)
        try:
            ping.send(b"ping")
            if ping.poll(500):
                ping.recv()
                return
        finally:
            ping.close()


def test_a_client_that_leaves_resource_dir_unreplaced_runs_the_kernel_under_the_kernelspecs_policy(tmp_path):
    from jupyter_client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file
    assert jaudit("install", "--prefix", str(tmp_path / "prefix")).returncode == 0
    spec_dir = tmp_path / "prefix" / "share" / "jupyter" / "kernels" / "jaudit"
    spec = json.loads((spec_dir / "kernel.json").read_text())
    allowed, elsewhere = tmp_path / "allowed", tmp_path / "elsewhere"
    allowed.mkdir()
    elsewhere.mkdir()
    spec["metadata"]["audit"] = {"enabled": True, "roots": [str(allowed)]}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    connection, _ = write_connection_file(str(tmp_path / "connection.json"))
    # As VS Code before early 2025 starts a kernel: {connection_file} replaced, {resource_dir} left as it is.
    argv = [a.replace("{connection_file}", connection) for a in spec["argv"]]
    kernel = subprocess.Popen(argv, cwd=allowed, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = BlockingKernelClient()
    try:
        kc.load_connection_file(connection)
        wait_for_heartbeat(connection, kernel)
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        inside = kc.execute_interactive(f'Files.writeString(Path.of("{allowed / "in.txt"}"), "x");', timeout=60,
                                        output_hook=lambda m: None)["content"]
        assert inside["status"] == "ok", inside
        outside = kc.execute_interactive(f'Files.writeString(Path.of("{elsewhere / "out.txt"}"), "x");', timeout=60,
                                         output_hook=lambda m: None)["content"]
        assert outside["status"] == "error" and "Audit: file.write blocked" in outside["evalue"]
        assert not (elsewhere / "out.txt").exists()
    finally:
        kc.stop_channels()
        kernel.kill()
        kernel.wait(timeout=30)


def test_install_with_name_and_java_picks_that_jvm_and_uninstall_removes_it(tmp_path):
    java = JDK25 if JDK25.exists() else pathlib.Path(subprocess.run(
        ["readlink", "-f", "/usr/bin/java"], capture_output=True, text=True).stdout.strip())
    result = jaudit("install", "--prefix", str(tmp_path), "--name", "other", "--java", str(java))
    assert result.returncode == 0, result.stderr
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "other"
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["argv"][0] == str(java)
    assert spec["display_name"] == "Java (jaudit, other)"
    result = jaudit("uninstall", "--prefix", str(tmp_path), "--name", "other")
    assert result.returncode == 0 and not spec_dir.exists()


def test_user_install_goes_under_the_home_jupyter_uses_even_where_the_jvm_has_another(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "XDG_DATA_HOME",
                                                            "JAVA_TOOL_OPTIONS")}
    env["HOME"] = str(home)
    assert jaudit("install", "--user", env=env).returncode == 0
    listed = subprocess.run(["jupyter-kernelspec", "list", "--json"], capture_output=True, text=True, env=env)
    spec = json.loads(listed.stdout)["kernelspecs"]["jaudit"]
    assert spec["resource_dir"] == str(home / ".local" / "share" / "jupyter" / "kernels" / "jaudit")


def test_user_install_goes_to_the_jupyter_data_dir_and_jupyter_lists_it(tmp_path):
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path / "data"))
    env.pop("JUPYTER_PATH", None)
    assert jaudit("install", "--user", env=env).returncode == 0
    listed = subprocess.run(["jupyter-kernelspec", "list", "--json"], capture_output=True, text=True, env=env)
    specs = json.loads(listed.stdout)["kernelspecs"]
    assert pathlib.Path(specs["jaudit"]["resource_dir"]) == tmp_path / "data" / "kernels" / "jaudit"


@pytest.mark.parametrize("args,message", [
    (["--java", "/no/such/java"], "is not an executable file"),
    (["--name", "bad name"], "--name may hold only"),
    (["--frobnicate"], "unknown option"),
])
def test_bad_install_options_fail_with_a_clear_message(tmp_path, args, message):
    result = jaudit("install", "--prefix", str(tmp_path), *args)
    assert result.returncode == 2
    assert message in result.stderr
