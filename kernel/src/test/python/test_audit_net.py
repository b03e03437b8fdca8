"""net.connect and net.listen under a policy with a `net` list: TCP, UDP, HTTP clients and servers, and
Unix-domain sockets, directly and from threads and pools; `[]` allows no connection at all."""
import http.server
import socket
import threading

import pytest

from audit_kernel import HELPERS, PolicyKernel, install_policy_kernel, results, routes
from conftest import KERNELS

FAR = "10.255.255.1"  # never reached: the denial comes before the connection is tried


@pytest.fixture(scope="module")
def local_http():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def policy_kernel(kernel_name, tmp_path_factory, net):
    base = tmp_path_factory.mktemp("net")
    name = f"{kernel_name}-net-{len(net)}"
    install_policy_kernel(kernel_name, base / "jupyter", name, {"enabled": True, "roots": ["."], "net": net})
    kernel = PolicyKernel(name, base / "jupyter", base)
    reply, _ = kernel.run(HELPERS)
    assert reply["status"] == "ok", reply
    return kernel


@pytest.fixture(scope="module", params=KERNELS)
def netted(request, tmp_path_factory):
    kernel = policy_kernel(request.param, tmp_path_factory, ["localhost:*", "127.0.0.1:*"])
    yield kernel
    kernel.stop()


CONNECTS = [
    'new Socket("{h}", {p}).close()',
    'java.nio.channels.SocketChannel.open(new InetSocketAddress("{h}", {p})).close()',
    'new URL("http://{h}:{p}/").openStream().close()',
    'java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder('
    'URI.create("http://{h}:{p}/")).build(), java.net.http.HttpResponse.BodyHandlers.discarding())',
    'java.nio.channels.DatagramChannel.open().send(java.nio.ByteBuffer.wrap(new byte[] {{1}}), '
    'new InetSocketAddress("{h}", {p}))',
    'new DatagramSocket().send(new DatagramPacket(new byte[] {{1}}, 1, new InetSocketAddress("{h}", {p})))',
]


@pytest.mark.parametrize("action", CONNECTS)
def test_connections_to_hosts_outside_the_net_list_are_denied_by_every_route(netted, action):
    assert results(netted, *routes(action.format(h=FAR, p=80))) == ["denied"] * 4


@pytest.mark.parametrize("action", CONNECTS)
def test_connections_matching_the_net_list_are_allowed(netted, local_http, action):
    assert results(netted, *routes(action.format(h="127.0.0.1", p=local_http))) == ["allowed"] * 4


@pytest.mark.parametrize("action,expected", [
    ("new ServerSocket(0).close()", "denied"),
    ("new ServerSocket(0, 50, InetAddress.getLoopbackAddress()).close()", "allowed"),
    ("java.nio.channels.ServerSocketChannel.open().bind(new InetSocketAddress(0)).close()", "denied"),
    ("com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(8765), 0).stop(0)", "denied"),
    ("com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)"
     ".stop(0)", "allowed"),
    ("new DatagramSocket(9876).close()", "denied"),
    ("java.nio.channels.SocketChannel.open(UnixDomainSocketAddress.of(\"/run/no-such.sock\"))", "denied"),
])
def test_listening_is_judged_by_the_net_list(netted, action, expected):
    assert results(netted, *routes(action)) == [expected] * 4


@pytest.mark.parametrize("kernel_name", KERNELS)
def test_an_empty_net_list_allows_no_connection(kernel_name, tmp_path_factory, local_http):
    kernel = policy_kernel(kernel_name, tmp_path_factory, [])
    try:
        got = results(kernel, f'attempt(() -> {{ new Socket("127.0.0.1", {local_http}).close(); return null; }})',
                      'attempt(() -> { new ServerSocket(0, 50, InetAddress.getLoopbackAddress()).close(); return null; })')
        assert got == ["denied", "denied"]
        reply, _ = kernel.run(f'new Socket("127.0.0.1", {local_http})')
        assert 'to allow: add a "host:port" pattern to "net"' in reply["evalue"]
    finally:
        kernel.stop()
