package jaudit.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import jaudit.kernel.log.Log;

/**
 * Asks the frontend for a line of input on the stdin ROUTER socket. Called from whichever thread a
 * cell reads {@code System.in} on; one question at a time, a second waiting its turn (within its
 * own deadline: an audit question that cannot be asked in time is not asked).
 */
public final class StdinChannel {
    private final Channel channel;
    private final Session session;
    private final ReentrantLock asking = new ReentrantLock();

    public StdinChannel(Channel channel, Session session) {
        this.channel = channel;
        this.session = session;
    }

    /**
     * Sends an input_request routed like {@code parent} and waits for its input_reply.
     *
     * @param cancelled polled while waiting; when it turns true the wait ends with {@code null}
     */
    public String ask(Message parent, String prompt, boolean password, BooleanSupplier cancelled) {
        // Polled, not waited on with a timed tryLock: that would also end on the thread's interrupt flag,
        // which a cell may have set for its own reasons.
        while (!asking.tryLock()) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        try {
            return askHolding(parent, prompt, password, cancelled);
        } finally {
            asking.unlock();
        }
    }

    private String askHolding(Message parent, String prompt, boolean password, BooleanSupplier cancelled) {
        ObjectNode content = session.object();
        content.put("prompt", prompt);
        content.put("password", password);
        Message request = session.request(parent, "input_request", content);
        channel.send(request);
        while (!cancelled.getAsBoolean()) {
            Channel.Received received = channel.receive(100);
            if (received == null || received.message() == null) {
                continue;
            }
            Message reply = received.message();
            if (!"input_reply".equals(reply.type())) {
                Log.warn("stdin: ignored a " + reply.type() + " while waiting for input_reply");
                continue;
            }
            String answered = reply.parentHeader().path("msg_id").asText("");
            if (!answered.isEmpty() && !answered.equals(request.id())) {
                // The late answer to a question that timed out: it belongs to no one now.
                Log.info("stdin: ignored an input_reply to an earlier question");
                continue;
            }
            return reply.content().path("value").asText("");
        }
        return null;
    }
}
