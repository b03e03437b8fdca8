package jaudit.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import jaudit.kernel.log.Log;
import org.zeromq.ZMQ;

/**
 * The iopub XPUB socket behind a queue: any thread may publish, one thread sends, so messages leave
 * in the order they were published. Each new subscription is greeted with {@code iopub_welcome}
 * (protocol 5.5): a client that sees it knows its subscription is live, so the output of its first
 * request cannot be lost to a subscription still under way. The socket is verbose, so that every
 * subscriber is greeted, not only the first of a topic.
 */
public final class IopubChannel implements Runnable {
    private static final byte SUBSCRIBE = 1;

    private final Channel channel;
    private final Session session;
    private final ZMQ.Poller poller;
    private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
    private final Wakeup wakeup = new Wakeup();
    private final Object drained = new Object();
    /** Counted apart from the queue: a message taken off it may not have reached the socket yet. */
    private final AtomicLong published = new AtomicLong();
    private volatile long sent;
    private volatile boolean running = true;

    /** @param channel an XPUB socket's channel, verbose */
    public IopubChannel(Channel channel, Session session, ZMQ.Poller poller) {
        this.channel = channel;
        this.session = session;
        this.poller = poller;
    }

    public void publish(Message message) {
        queue.add(message);
        published.incrementAndGet();
        wakeup.wake();
    }

    @Override
    public void run() {
        int socket = poller.register(channel.socket(), ZMQ.Poller.POLLIN);
        int woken = wakeup.register(poller);
        while (running) {
            try {
                poller.poll(200);
                if (poller.pollin(woken)) {
                    wakeup.clear();
                }
                if (poller.pollin(socket)) {
                    greetSubscribers();
                }
                Message message;
                while ((message = queue.poll()) != null) {
                    try {
                        channel.send(message);
                    } finally {
                        sent++;
                    }
                }
                synchronized (drained) {
                    drained.notifyAll();
                }
            } catch (RuntimeException e) {
                Log.error("iopub: could not send a message", e);
            }
        }
    }

    private void greetSubscribers() {
        byte[] frame;
        while ((frame = channel.socket().recv(ZMQ.DONTWAIT)) != null) {
            if (frame.length > 0 && frame[0] == SUBSCRIBE) {
                ObjectNode content = session.object();
                content.put("subscription", new String(Arrays.copyOfRange(frame, 1, frame.length),
                        StandardCharsets.UTF_8));
                channel.send(session.broadcast(null, "iopub_welcome", content));
            }
        }
    }

    /** Waits until every message published so far has been handed to the socket. */
    public void awaitDrained(long timeoutMillis) {
        long target = published.get();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (drained) {
            while (sent < target && System.currentTimeMillis() < deadline) {
                try {
                    drained.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public void stop() {
        running = false;
    }
}
