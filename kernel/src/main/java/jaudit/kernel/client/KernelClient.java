package jaudit.kernel.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import jaudit.kernel.log.Log;
import jaudit.kernel.protocol.Channel;
import jaudit.kernel.protocol.ConnectionInfo;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.MessageSigner;
import jaudit.kernel.protocol.Session;
import jaudit.kernel.protocol.Wakeup;
import jaudit.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Jupyter client of one kernel, speaking the kernel's own wire code: requests on shell or control,
 * their replies and their iopub output matched back by parent. One thread owns the sockets (ZeroMQ
 * sockets are not thread-safe); any thread may send.
 */
public final class KernelClient implements AutoCloseable {
    /** The channels a client sends requests on. */
    public enum Route { SHELL, CONTROL }

    private final ConnectionInfo connection;
    private final Session session;
    private final ZContext context = new ZContext(1);
    private final Channel shell;
    private final Channel control;
    private final Channel iopub;
    private final Wakeup wakeup = new Wakeup();
    private final ConcurrentLinkedQueue<Runnable> toSend = new ConcurrentLinkedQueue<>();
    private final Map<String, Exchange> open = new ConcurrentHashMap<>();
    private final Thread pump;
    /** Some iopub message arrived: the subscription is live, so no output of a request can be lost to it. */
    private volatile boolean subscribed;
    private volatile String refused;
    private volatile KernelGoneException gone;

    private KernelClient(ConnectionInfo connection, ObjectMapper json) {
        this.connection = connection;
        this.session = new Session(json);
        WireCodec codec = new WireCodec(json, new MessageSigner(connection.signatureScheme(), connection.key()));
        shell = new Channel("shell", connect(SocketType.DEALER, connection.shellPort()), codec);
        control = new Channel("control", connect(SocketType.DEALER, connection.controlPort()), codec);
        ZMQ.Socket subscriber = connect(SocketType.SUB, connection.iopubPort());
        subscriber.subscribe(new byte[0]);
        iopub = new Channel("iopub", subscriber, codec);
        pump = new Thread(this::pump, "jaudit-client");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Connects and waits until the kernel answers {@code kernel_info} and iopub has brought this client
     * a message (the greeting of protocol 5.5, or the request's status), so that no output of a first
     * request is lost.
     *
     * @throws TimeoutException naming why: no answer, or answers this client's key cannot verify
     */
    public static KernelClient connect(ConnectionInfo connection, ObjectMapper json, Duration timeout)
            throws TimeoutException, InterruptedException {
        KernelClient client = new KernelClient(connection, json);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Exchange info = client.send(Route.SHELL, "kernel_info_request", client.session.object(), m -> { });
                try {
                    info.await(Duration.ofMillis(500));
                    if (client.subscribed) {
                        return client;
                    }
                } catch (TimeoutException e) {
                    // Not up yet, or this try's request went out before the socket connected: ask again.
                    client.open.remove(info.request().id());
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the kernel at " + connection.endpoint(connection.shellPort())
                            + " did not answer kernel_info within " + timeout.toSeconds() + " s"
                            + (client.refused == null ? "" : " (its messages were refused: " + client.refused
                            + "; is the connection file's key the kernel's?)"));
                }
            }
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public Session session() {
        return session;
    }

    public ConnectionInfo connection() {
        return connection;
    }

    public Exchange send(Route route, String type, ObjectNode content, Consumer<Message> output) {
        return send(route, type, content, session.object(), output);
    }

    /** Sends a request; what comes back reaches the returned exchange. */
    public Exchange send(Route route, String type, ObjectNode content, ObjectNode metadata, Consumer<Message> output) {
        Exchange exchange = new Exchange(session.request(type, content, metadata), output);
        if (gone != null) {
            exchange.fail(gone);
            return exchange;
        }
        open.put(exchange.request().id(), exchange);
        toSend.add(() -> (route == Route.SHELL ? shell : control).send(exchange.request()));
        wakeup.wake();
        return exchange;
    }

    /** Ends every open exchange with {@code why}: the kernel died, or will not answer. */
    public void fail(String why) {
        KernelGoneException failure = new KernelGoneException(why);
        gone = failure;
        open.values().forEach(e -> e.fail(failure));
        open.clear();
    }

    private ZMQ.Socket connect(SocketType type, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.connect(connection.endpoint(port));
        return socket;
    }

    private void pump() {
        ZMQ.Poller poller = context.createPoller(4);
        int woken = wakeup.register(poller);
        int shellIndex = poller.register(shell.socket(), ZMQ.Poller.POLLIN);
        int controlIndex = poller.register(control.socket(), ZMQ.Poller.POLLIN);
        int iopubIndex = poller.register(iopub.socket(), ZMQ.Poller.POLLIN);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (poller.poll(200) < 0) {
                    return;
                }
                if (poller.pollin(woken)) {
                    wakeup.clear();
                }
                Runnable send;
                while ((send = toSend.poll()) != null) {
                    send.run();
                }
                // Output before replies: a reply read first would end its exchange's output early.
                if (poller.pollin(iopubIndex)) {
                    drain(iopub, true);
                }
                if (poller.pollin(shellIndex)) {
                    drain(shell, false);
                }
                if (poller.pollin(controlIndex)) {
                    drain(control, false);
                }
            } catch (RuntimeException e) {
                // One bad message or a listener's failure must not end the client's only reader.
                if (context.isClosed() || Thread.currentThread().isInterrupted()) {
                    return;
                }
                Log.error("kernel client: " + e.getMessage(), e);
            }
        }
    }

    private void drain(Channel channel, boolean output) {
        Channel.Received received;
        while ((received = channel.receive(0)) != null) {
            if (received.message() == null) {
                refused = received.refusal().getMessage();
                continue;
            }
            Message message = received.message();
            if (output) {
                subscribed = true;
            }
            Exchange exchange = open.get(message.parentHeader().path("msg_id").asText());
            if (exchange == null) {
                continue;
            }
            if (output) {
                exchange.published(message);
            } else {
                exchange.replied(message);
            }
            if (exchange.done()) {
                open.remove(exchange.request().id());
            }
        }
    }

    @Override
    public void close() {
        fail("the client was closed");
        pump.interrupt();
        try {
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
