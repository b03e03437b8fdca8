"""Bad input from the wire: dropped or answered with an error, never fatal, never executed."""
import json
import time
import uuid

import zmq

from conftest import kinds


def raw_socket(kernel, channel="shell", kind=zmq.DEALER):
    info = kernel.km.get_connection_info()
    sock = zmq.Context.instance().socket(kind)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(f"{info['transport']}://{info['ip']}:{info[channel + '_port']}")
    return sock


def still_serving(kernel):
    reply, outputs = kernel.run("40 + 2", timeout=20)
    return reply["status"] == "ok" and kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"


def header(msg_type):
    return {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "raw", "username": "t",
            "date": "2026-01-01T00:00:00.000000Z", "version": "5.4"}


def signed(kernel, msg_type, content, header_override=None):
    session = kernel.kc.session
    parts = [json.dumps(header_override or header(msg_type)).encode(), b"{}", b"{}", json.dumps(content).encode()]
    return [b"<IDS|MSG>", session.sign(parts)] + parts


def replies(sock, timeout_ms=1500):
    got = []
    while sock.poll(timeout_ms):
        got.append(sock.recv_multipart())
        timeout_ms = 300
    return got


def test_a_badly_signed_execute_request_is_dropped_and_never_run(kernel):
    kernel.run("int untouched = 1;")
    sock = raw_socket(kernel)
    frames = signed(kernel, "execute_request", {"code": "untouched = 99;", "silent": False})
    frames[1] = b"0" * 64
    sock.send_multipart(frames)
    assert replies(sock) == []
    reply, outputs = kernel.run("untouched")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "1"


def test_malformed_frame_sequences_are_dropped_and_the_kernel_keeps_serving(kernel):
    sock = raw_socket(kernel)
    good = signed(kernel, "kernel_info_request", {})
    for frames in [
        [b"just one frame"],
        [b"<IDS|MSG>"],
        [b"<IDS|MSG>", good[1], good[2]],
        [b"no delimiter"] + good[1:],
        [b"<IDS|MSG>", b"", b"\xff\xfe", b"{}", b"{}", b"{}"],
        [b"<IDS|MSG>", b"", b"{not json", b"{}", b"{}", b"{}"],
        [b"<IDS|MSG>", b"", b"[]", b"{}", b"{}", b"{}"],
    ]:
        sock.send_multipart(frames)
    assert replies(sock) == []
    assert still_serving(kernel)


def test_a_replayed_message_is_refused(kernel):
    sock = raw_socket(kernel)
    frames = signed(kernel, "kernel_info_request", {})
    sock.send_multipart(frames)
    first = replies(sock)
    sock.send_multipart(frames)
    assert len(first) == 1 and replies(sock) == []


def test_wrong_content_types_get_an_error_reply_naming_the_field(kernel):
    sock = raw_socket(kernel)
    sock.send_multipart(signed(kernel, "execute_request", {"code": 42}))
    sock.send_multipart(signed(kernel, "complete_request", {"code": "abc", "cursor_pos": 99}))
    sock.send_multipart(signed(kernel, "execute_request", {"code": "1", "silent": "yes"}))
    got = replies(sock, 5000)
    assert len(got) == 3
    contents = [json.loads(frames[-1]) for frames in got]
    assert all(c["status"] == "error" and c["ename"] == "InvalidRequest" for c in contents)
    assert "'code'" in contents[0]["evalue"]
    assert "cursor_pos" in contents[1]["evalue"]
    assert "'silent'" in contents[2]["evalue"]
    assert still_serving(kernel)


def test_a_header_without_msg_type_is_dropped(kernel):
    sock = raw_socket(kernel)
    bad = header("kernel_info_request")
    del bad["msg_type"]
    sock.send_multipart(signed(kernel, "kernel_info_request", {}, header_override=bad))
    assert replies(sock) == []
    assert still_serving(kernel)


def test_a_20_megabyte_cell_is_handled_without_losing_the_kernel(kernel):
    code = "// " + "x" * (20 * 1024 * 1024) + "\nint afterHuge = 3;"
    reply, _ = kernel.run(code, timeout=120)
    assert reply["status"] == "ok"
    reply, outputs = kernel.run("afterHuge")
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "3"


def test_the_heartbeat_answers_at_once_while_a_cell_keeps_a_core_busy(kernel):
    msg_id = kernel.kc.execute("long spin = System.nanoTime() + 3_000_000_000L;\n"
                               "while (System.nanoTime() < spin) { }")
    time.sleep(0.5)
    hb = raw_socket(kernel, "hb", zmq.REQ)
    worst = 0
    for _ in range(10):
        start = time.perf_counter()
        hb.send(b"ping")
        assert hb.poll(1000), "no heartbeat answer within 1s"
        assert hb.recv() == b"ping"
        worst = max(worst, time.perf_counter() - start)
    assert worst < 0.05, f"slowest heartbeat {worst * 1000:.1f} ms"
    assert kernel.reply_to(msg_id)["content"]["status"] == "ok"


def test_a_burst_of_500_kernel_info_requests_is_answered_in_seconds(kernel):
    sock = raw_socket(kernel)
    start = time.time()
    for _ in range(500):
        sock.send_multipart(signed(kernel, "kernel_info_request", {}))
    answered = 0
    while answered < 500 and sock.poll(5000):
        sock.recv_multipart()
        answered += 1
    elapsed = time.time() - start
    assert answered == 500
    assert elapsed < 3, f"500 kernel_info took {elapsed:.2f}s"
