"""Protocol 5.5's iopub_welcome: every new iopub subscriber is greeted once its subscription is live, so
a client that waits for the greeting before its first request loses none of that request's output."""
import zmq
from jupyter_client.session import Session

from conftest import kinds


def subscriber(kernel):
    info = kernel.km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.SUB)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(f"{info['transport']}://{info['ip']}:{info['iopub_port']}")
    sock.setsockopt(zmq.SUBSCRIBE, b"")
    return sock


def next_message(kernel, sock, timeout_ms=10000):
    """The next message on sock, read with a session of its own: a greeting reaches every subscriber,
    the client's own included, and a session refuses a signature it has seen."""
    assert sock.poll(timeout_ms), "nothing arrived on iopub"
    session = Session(key=kernel.kc.session.key, signature_scheme=kernel.kc.session.signature_scheme)
    _, frames = session.feed_identities(sock.recv_multipart())
    return session.deserialize(frames)


def test_a_new_subscriber_is_greeted_first(kernel):
    sock = subscriber(kernel)
    try:
        msg = next_message(kernel, sock)
        assert msg["msg_type"] == "iopub_welcome"
        assert msg["content"] == {"subscription": ""}
        assert msg["parent_header"] == {}
        assert msg["header"]["version"] == "5.5"
    finally:
        sock.close()


def test_every_subscriber_is_greeted_not_only_the_first_of_a_topic(kernel):
    first, second = subscriber(kernel), subscriber(kernel)
    try:
        assert next_message(kernel, first)["msg_type"] == "iopub_welcome"
        greetings = []
        while second.poll(2000):
            msg = next_message(kernel, second)
            greetings.append(msg["msg_type"])
            if msg["msg_type"] != "iopub_welcome":
                break
        assert "iopub_welcome" in greetings
    finally:
        first.close()
        second.close()


def test_after_the_greeting_a_first_request_loses_no_output(kernel):
    sock = subscriber(kernel)
    try:
        assert next_message(kernel, sock)["msg_type"] == "iopub_welcome"
        msg_id = kernel.kc.execute('System.out.println("first words");')
        seen = []
        while True:
            msg = next_message(kernel, sock)
            if msg["parent_header"].get("msg_id") == msg_id:
                seen.append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
        assert seen[0]["msg_type"] == "status" and seen[0]["content"]["execution_state"] == "busy"
        assert [m["content"]["text"] for m in kinds(seen, "stream")] == ["first words\n"]
        kernel.reply_to(msg_id)
    finally:
        sock.close()


def test_clients_that_predate_the_greeting_still_run_cells(kernel):
    # jupyter_client 7 knows no iopub_welcome: it reads past it by parent, as it reads past any other.
    reply, outputs = kernel.run("6 * 7")
    assert reply["status"] == "ok"
    assert kinds(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"
