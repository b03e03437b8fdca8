"""`remote`: jaudit as Enterprise Gateway runs it on another host. A peer written from EG's contract
plays the gateway: it makes an RSA key pair, listens for the kernel's report on loopback, starts the
launcher with EG's arguments, decrypts the report, connects jupyter_client through the reported
ports and drives the kernel, including over the communication port."""
import base64
import json
import os
import socket
import subprocess
import time

import pytest
from Cryptodome.Cipher import AES, PKCS1_v1_5
from Cryptodome.PublicKey import RSA
from Cryptodome.Util.Padding import unpad
from jupyter_client import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpecManager

from audit_kernel import java_path
from conftest import KERNELS, kinds

EG_WAIT = 30  # seconds EG waits for a remote kernel's report


def launcher(kernel_name):
    """The kernelspec's java command up to the jar, the way an EG kernelspec for remote hosts runs it."""
    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    argv = [a.replace("{resource_dir}", spec.resource_dir) for a in spec.argv]
    return argv[:argv.index("-jar") + 2] + ["remote"]


class Gateway:
    """EG's side of the contract: the response listener, the private key, the communication port."""

    def __init__(self):
        self.key = RSA.generate(2048)
        self.public_key = base64.b64encode(self.key.publickey().export_key(format="DER")).decode()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.address = f"127.0.0.1:{self.listener.getsockname()[1]}"

    def receive(self, timeout=EG_WAIT):
        """The kernel's report, decrypted as EG's ResponseManager does (version 1)."""
        self.listener.settimeout(timeout)
        conn, _ = self.listener.accept()
        data = b""
        with conn:
            while True:
                chunk = conn.recv(1024)
                if not chunk:
                    break
                data += chunk
        payload = json.loads(base64.b64decode(data))
        assert payload["version"] == 1
        aes_key = PKCS1_v1_5.new(self.key).decrypt(base64.b64decode(payload["key"]), b"\x42")
        info = unpad(AES.new(aes_key, AES.MODE_ECB).decrypt(base64.b64decode(payload["conn_info"])), 16)
        return json.loads(info)

    def send(self, info, request):
        """One request on the communication port: connect, send the JSON, close, as EG does."""
        with socket.create_connection(("127.0.0.1", info["comm_port"]), timeout=5) as s:
            s.sendall(json.dumps(request).encode())


class RemoteKernel:
    def __init__(self, kernel_name, cwd, gateway, *extra, port_range="0..0", env=None):
        self.gateway = gateway
        self.kernel_id = "0d7bc7d3-6f0e-4b8e-9a53-a1f3f7a6d001"
        self.process = subprocess.Popen(
            launcher(kernel_name) + ["--kernel-id", self.kernel_id, "--response-address", gateway.address,
                                     "--public-key", gateway.public_key, "--port-range", port_range, *extra],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})})
        self.info = gateway.receive()
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info({**self.info, "ip": "127.0.0.1"})
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def run(self, code, timeout=60, **kwargs):
        outputs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append, **kwargs)
        return reply["content"], outputs

    def stop(self):
        self.kc.stop_channels()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture(params=KERNELS)
def remote(request, tmp_path):
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    kernel = RemoteKernel(request.param, project, Gateway(), "--policy",
                          json.dumps({"enabled": True, "roots": ["."], "net": []}))
    kernel.outside = outside
    yield kernel
    kernel.stop()


def test_the_report_carries_the_connection_the_process_and_the_communication_port(remote):
    info = remote.info
    assert info["kernel_id"] == remote.kernel_id
    assert info["pid"] == remote.process.pid
    assert info["pgid"] == os.getpgid(remote.process.pid)
    assert info["ip"] == "0.0.0.0" and info["transport"] == "tcp" and info["signature_scheme"] == "hmac-sha256"
    ports = [info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port", "comm_port")]
    assert len(set(ports)) == 6 and all(p > 0 for p in ports)
    assert len(info["key"]) >= 32


def test_a_client_through_the_reported_ports_runs_cells_under_the_policy_from_the_command_line(remote):
    reply = remote.kc.kernel_info(reply=True, timeout=30)["content"]
    assert reply["status"] == "ok" and reply["language_info"]["name"] == "java"
    reply, outputs = remote.run("1 + 1")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "2"
    target = remote.outside / "x.txt"
    reply, _ = remote.run(f'Files.writeString(Path.of("{java_path(target)}"), "x");')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"
    assert "outside the writable roots" in reply["evalue"]
    assert not target.exists()
    reply, _ = remote.run('new ProcessBuilder("true").start();')
    assert reply["ename"] == "jaudit.policy.AuditDeniedException"


def test_a_liveness_poll_keeps_the_kernel_and_changes_nothing(remote):
    for _ in range(3):
        remote.gateway.send(remote.info, {"signum": 0})
    reply, outputs = remote.run("6 * 7")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"
    assert remote.process.poll() is None


def run_loop_then(remote, interrupt):
    msg_id = remote.kc.execute("while (true) {}")
    deadline = time.time() + 30
    while True:
        msg = remote.kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            break
    time.sleep(0.5)
    sent = time.time()
    interrupt()
    reply = remote.kc.get_shell_msg(timeout=max(1, deadline - time.time()))
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "jaudit.instrument.CellInterruptedError"
    return time.time() - sent


def test_signal_2_on_the_communication_port_interrupts_a_runaway_loop(remote):
    assert run_loop_then(remote, lambda: remote.gateway.send(remote.info, {"signum": 2})) < 5
    reply, _ = remote.run("1")
    assert reply["status"] == "ok"


def test_the_control_channel_interrupts_a_remote_kernel_too(remote):
    def on_control():
        remote.kc.control_channel.send(remote.kc.session.msg("interrupt_request", {}))
    assert run_loop_then(remote, on_control) < 5


def test_shutdown_on_the_control_channel_and_the_communication_port_ends_the_process(remote):
    remote.kc.shutdown()
    remote.gateway.send(remote.info, {"shutdown": 1})
    assert remote.process.wait(15) == 0


def test_the_shutdown_request_alone_ends_the_process(remote):
    remote.gateway.send(remote.info, {"shutdown": 1})
    assert remote.process.wait(15) == 0


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_a_kernel_the_gateway_stops_polling_exits_after_its_orphan_timeout(kernel_name, tmp_path):
    gateway = Gateway()
    kernel = RemoteKernel(kernel_name, tmp_path, gateway, "--orphan-timeout", "4")
    try:
        started = time.time()
        while time.time() - started < 6:
            gateway.send(kernel.info, {"signum": 0})
            time.sleep(1)
            assert kernel.process.poll() is None, "polled, the kernel stays"
        kernel.process.wait(15)
        assert time.time() - started < 6 + 4 + 5
        assert "orphaned" in kernel.process.stderr.read()
    finally:
        kernel.stop()


def failing(kernel_name, cwd, *args, env=None):
    """Runs the launcher with bad arguments; returns (exit status, stderr, seconds taken)."""
    started = time.time()
    done = subprocess.run(launcher(kernel_name) + list(args), cwd=cwd, capture_output=True, text=True,
                          timeout=EG_WAIT, env={**os.environ, **(env or {})})
    return done.returncode, done.stderr, time.time() - started


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_bad_arguments_each_fail_at_once_naming_what_was_wrong(kernel_name, tmp_path):
    gateway = Gateway()
    good = ["--kernel-id", "k1", "--response-address", gateway.address, "--public-key", gateway.public_key]
    cases = [
        (good + ["--policy", '{"roots": ["relative"]}'], 3, "'roots' entry 'relative' is relative"),
        (good + ["--policy", "{not json"], 3, "the policy is not JSON"),
        (good[:4] + ["--public-key", "bm90IGEga2V5"], 2, "--public-key is not a base64 DER RSA public key"),
        (good[:2] + ["--response-address", "nowhere"] + good[4:], 2, "--response-address must look like IP:PORT"),
        (good + ["--port-range", "9000..9010"], 2, "must span at least 1000"),
        (good + ["--port-range", "ten..twenty"], 2, "--port-range must look like LOWER..UPPER"),
        (good[2:], 2, "remote needs --kernel-id"),
        (good + ["--shiny", "yes"], 2, "unknown option '--shiny'"),
    ]
    for args, status, message in cases:
        code, err, took = failing(kernel_name, tmp_path, *args)
        assert code == status and message in err, (args, code, err)
        assert took < EG_WAIT
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    code, err, took = failing(kernel_name, tmp_path, *good[:2], "--response-address", f"127.0.0.1:{port}", *good[4:])
    assert code == 4 and f"cannot send the connection info to the response address 127.0.0.1:{port}" in err, err


def hold_eleven_ports():
    """Binds eleven consecutive ports below the ephemeral range (where the machine's own connections
    take theirs), trying other bases while one is taken; returns the first port and the sockets."""
    for attempt in range(50):
        base = 20000 + (os.getpid() * 7 + attempt * 211) % 1000 * 11
        held = []
        try:
            for port in range(base, base + 11):
                s = socket.socket()
                held.append(s)
                s.bind(("0.0.0.0", port))
            return base, held
        except OSError:
            for s in held:
                s.close()
    raise AssertionError("no eleven consecutive free ports between 20000 and 31000")


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_a_port_range_with_no_free_port_fails_naming_the_range(kernel_name, tmp_path):
    gateway = Gateway()
    base, held = hold_eleven_ports()
    try:
        code, err, took = failing(kernel_name, tmp_path, "--kernel-id", "k1", "--response-address", gateway.address,
                                  "--public-key", gateway.public_key, "--port-range", f"{base}..{base + 10}",
                                  env={"EG_MIN_PORT_RANGE_SIZE": "10"})
        assert code == 4 and f"no free port in the range {base}..{base + 10}" in err, err
        assert took < EG_WAIT
    finally:
        for s in held:
            s.close()


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_ports_are_chosen_inside_the_range_and_the_legacy_option_names_work(kernel_name, tmp_path):
    gateway = Gateway()
    base = 41000 + os.getpid() % 1000 * 10
    process = subprocess.Popen(
        launcher(kernel_name) + ["--RemoteProcessProxy.kernel-id", "k2", "--RemoteProcessProxy.response-address",
                                 gateway.address, "--RemoteProcessProxy.public-key", gateway.public_key,
                                 "--RemoteProcessProxy.port-range", f"{base}..{base + 1000}",
                                 "--RemoteProcessProxy.spark-context-initialization-mode", "none"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        info = gateway.receive()
        assert info["kernel_id"] == "k2"
        for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port", "comm_port"):
            assert base <= info[name] <= base + 1000, name
    finally:
        process.kill()
        process.wait(10)


# ---- the kernelspecs for EG's process proxies, and the Kubernetes image's entry point ----

REPO = __import__("pathlib").Path(__file__).resolve().parents[4]
POLICY = {"enabled": True, "roots": ["."], "net": []}


@pytest.fixture(scope="module")
def gateway_specs(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("eg-specs")
    java, jar = launcher(KERNELS[0])[0], launcher(KERNELS[0])[-2]
    done = subprocess.run([java, "-jar", jar, "install", "--prefix", str(prefix), "--enterprise-gateway",
                           "--policy", json.dumps(POLICY)], capture_output=True, text=True, check=True)
    assert "Installed Enterprise Gateway kernelspecs" in done.stdout
    return prefix / "share" / "jupyter" / "kernels"


def test_install_writes_kernelspecs_for_the_distributed_and_kubernetes_process_proxies(gateway_specs):
    distributed = json.loads((gateway_specs / "jaudit_distributed" / "kernel.json").read_text())
    assert distributed["metadata"]["process_proxy"]["class_name"] == \
        "enterprise_gateway.services.processproxies.distributed.DistributedProcessProxy"
    argv = distributed["argv"]
    for placeholder in ("{kernel_id}", "{response_address}", "{public_key}", "{port_range}"):
        assert placeholder in argv
    assert json.loads(argv[argv.index("--policy") + 1]) == POLICY
    assert (gateway_specs / "jaudit_distributed" / "jaudit-kernel.jar").is_file()
    kubernetes = json.loads((gateway_specs / "jaudit_kubernetes" / "kernel.json").read_text())
    proxy = kubernetes["metadata"]["process_proxy"]
    assert proxy["class_name"] == "enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy"
    assert proxy["config"]["image_name"]
    assert json.loads(kubernetes["env"]["KERNEL_JAUDIT_POLICY"]) == POLICY
    assert (gateway_specs / "jaudit_kubernetes" / "Dockerfile").is_file()
    assert os.access(gateway_specs / "jaudit_kubernetes" / "bootstrap-kernel.sh", os.X_OK)


def test_a_bad_policy_for_the_gateway_kernelspecs_is_refused_at_install(tmp_path):
    java, jar = launcher(KERNELS[0])[0], launcher(KERNELS[0])[-2]
    done = subprocess.run([java, "-jar", jar, "install", "--prefix", str(tmp_path), "--enterprise-gateway",
                           "--policy", '{"roots": "everywhere"}'], capture_output=True, text=True)
    assert done.returncode == 2 and "--policy: 'roots' must be a list of strings" in done.stderr
    assert not (tmp_path / "share").exists()


def egs_command(spec_dir, gateway, kernel_id, port_range="0..0"):
    """The kernelspec's argv as EG formats it for DistributedProcessProxy."""
    spec = json.loads((spec_dir / "kernel.json").read_text())
    values = {"kernel_id": kernel_id, "response_address": gateway.address, "public_key": gateway.public_key,
              "port_range": port_range, "resource_dir": str(spec_dir)}
    return [__import__("re").sub(r"\{([A-Za-z0-9_]+)\}", lambda m: values.get(m.group(1), m.group()), a)
            for a in spec["argv"]]


def connected(info):
    kc = BlockingKernelClient()
    kc.load_connection_info({**info, "ip": "127.0.0.1"})
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return kc


def denied_write(kc, target):
    reply = kc.execute_interactive(f'Files.writeString(Path.of("{java_path(target)}"), "x");', timeout=60)
    return reply["content"].get("ename") == "jaudit.policy.AuditDeniedException"


def test_the_distributed_kernelspec_runs_under_its_own_policy_as_eg_would_start_it(gateway_specs, tmp_path):
    gateway = Gateway()
    process = subprocess.Popen(egs_command(gateway_specs / "jaudit_distributed", gateway, "k-dist"), cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        info = gateway.receive()
        kc = connected(info)
        assert denied_write(kc, tmp_path.parent / "outside-dist.txt")
        kc.stop_channels()
        gateway.send(info, {"shutdown": 1})
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_the_image_entry_point_starts_the_launcher_from_egs_environment(kernel_name, tmp_path):
    gateway = Gateway()
    command = launcher(kernel_name)
    env = {"KERNEL_ID": "k-pod", "RESPONSE_ADDRESS": gateway.address, "PUBLIC_KEY": gateway.public_key,
           "PORT_RANGE": "0..0", "KERNEL_JAUDIT_POLICY": json.dumps(POLICY), "JAVA": command[0], "JAUDIT_JAR": command[-2]}
    script = REPO / "kernelspec" / "enterprise-gateway" / "bootstrap-kernel.sh"
    process = subprocess.Popen([str(script)], cwd=tmp_path, env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        info = gateway.receive()
        assert info["kernel_id"] == "k-pod"
        kc = connected(info)
        assert denied_write(kc, tmp_path.parent / "outside-pod.txt")
        kc.stop_channels()
        gateway.send(info, {"signum": 15})
        process.wait(15)
    finally:
        if process.poll() is None:
            process.kill()
    missing = subprocess.run([str(script)], cwd=tmp_path, capture_output=True, text=True,
                             env={k: v for k, v in {**os.environ, **env}.items() if k != "PUBLIC_KEY"})
    assert missing.returncode == 2 and "PUBLIC_KEY is not set" in missing.stderr
