package jaudit.kernel.request;

import jaudit.kernel.log.Log;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import jaudit.kernel.protocol.Channel;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.MalformedMessageException;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;
import jaudit.kernel.protocol.Wakeup;
import org.zeromq.ZMQ;

/**
 * The loop that serves one ROUTER channel (shell or control): read a message, announce busy,
 * dispatch it, announce idle. Nothing a client sends ends the loop: refused frames are logged and
 * dropped, or answered with an error when the request can be identified.
 *
 * <p>A {@link #serial} channel (control) handles each request on its own thread as it arrives. A
 * {@link #queued} channel (shell) hands the requests that run cells or read JShell (execute,
 * completion, inspection, history) to the queue of the shell they are for ({@link Subshells}: the
 * main shell, or the subshell their header names), each served in order on that shell's thread, and
 * goes on reading: what needs no cell (kernel_info, comm_info, a host's answer to a running cell's
 * question, interrupt and shutdown as older clients send them on shell) is answered at once, while
 * cells run. ZeroMQ sockets are not thread-safe, so only the channel's thread touches the socket;
 * replies from the shells' threads reach it through a queue, and a {@link Wakeup} in the same poll
 * wakes it.
 */
public final class RequestChannel implements Runnable {
    private final Channel channel;
    private final Session session;
    private final IopubChannel iopub;
    /** A serial channel's handlers; null for a queued one, whose shells have their own. */
    private final Map<String, RequestHandler> handlers;
    /** A queued channel's shells; null for a serial one. */
    private final Subshells shells;
    private final ZMQ.Poller poller;
    /** The requests the channel's thread answers as they arrive; null for all of them. */
    private final Predicate<Message> atOnce;
    private final Queue<Runnable> forChannelThread = new ConcurrentLinkedQueue<>();
    private final Wakeup wakeup = new Wakeup();
    private volatile Thread channelThread;
    private volatile boolean running = true;

    private RequestChannel(Channel channel, Session session, IopubChannel iopub, Map<String, RequestHandler> handlers,
            Subshells shells, ZMQ.Poller poller, Predicate<Message> atOnce) {
        this.channel = channel;
        this.session = session;
        this.iopub = iopub;
        this.handlers = handlers == null ? null : Map.copyOf(handlers);
        this.shells = shells;
        this.poller = poller;
        this.atOnce = atOnce;
    }

    /** Every request handled on the channel's thread, as it arrives. */
    public static RequestChannel serial(Channel channel, Session session, IopubChannel iopub,
            Map<String, RequestHandler> handlers, ZMQ.Poller poller) {
        return new RequestChannel(channel, session, iopub, handlers, null, poller, null);
    }

    /**
     * The requests {@code answeredAtOnce} accepts handled on the channel's thread as they arrive, with
     * the main shell's handlers; every other one on its shell's thread, in arrival order.
     */
    public static RequestChannel queued(Channel channel, Session session, IopubChannel iopub, Subshells shells,
            ZMQ.Poller poller, Predicate<Message> answeredAtOnce) {
        return new RequestChannel(channel, session, iopub, null, shells, poller, answeredAtOnce);
    }

    @Override
    public void run() {
        channelThread = Thread.currentThread();
        int socket = poller.register(channel.socket(), ZMQ.Poller.POLLIN);
        int woken = wakeup.register(poller);
        if (shells != null) {
            shells.start((received, queue) -> process(received, false, queue));
        }
        while (running) {
            try {
                poller.poll(500);
                if (poller.pollin(woken)) {
                    wakeup.clear();
                }
                runQueuedWork();
                if (poller.pollin(socket)) {
                    readAvailable();
                }
            } catch (RuntimeException | Error e) {
                Log.error(channel.name() + ": unexpected failure while serving a message", e);
            }
        }
    }

    public void stop() {
        running = false;
    }

    /** Hands every message waiting on the socket to its handler or to its shell's queue. */
    private void readAvailable() {
        Channel.Received received;
        while ((received = channel.receive(0)) != null) {
            if (shells == null) {
                process(received, false, null);
            } else if (received.message() == null || atOnce.test(received.message())) {
                process(received, false, shells.main());
            } else {
                ShellQueue queue = shells.of(received.message().subshellId());
                if (queue == null || !queue.add(received)) {
                    refuseUnknownSubshell(received.message());
                }
            }
        }
    }

    private void refuseUnknownSubshell(Message message) {
        iopub.publish(status(message, "busy"));
        replyError(message, Subshells.NOT_FOUND, Subshells.notFound(message.subshellId()));
        iopub.publish(status(message, "idle"));
    }

    /** Sends on the socket: at once on the channel's thread, else through it. */
    void send(Message message) {
        // What the request published (a cell's output, its result) goes out before its reply, as
        // clients that take the reply for the end of a cell's output expect; bounded, as a stalled
        // iopub must not hold up the shell.
        iopub.awaitDrained(1000);
        if (Thread.currentThread() == channelThread) {
            channel.send(message);
            return;
        }
        onChannelThread(() -> channel.send(message)).join();
    }

    private CompletableFuture<Void> onChannelThread(Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        forChannelThread.add(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        wakeup.wake();
        return done;
    }

    private void runQueuedWork() {
        Runnable work;
        while ((work = forChannelThread.poll()) != null) {
            work.run();
        }
    }

    /**
     * Serves one request with the handlers of {@code queue}'s shell (null: the serial channel's own);
     * {@code aborting}: after a failed cell, when execute requests are answered aborted.
     */
    private void process(Channel.Received received, boolean aborting, ShellQueue queue) {
        Map<String, RequestHandler> handlers = queue == null ? this.handlers : queue.shell().handlers();
        if (received.message() == null) {
            answerRefusal(received.refusal());
            return;
        }
        Message message = received.message();
        iopub.publish(status(message, "busy"));
        try {
            if (aborting && message.type().equals("execute_request")) {
                ObjectNode content = session.object();
                content.put("status", "aborted");
                send(session.reply(message, "execute_reply", content));
                return;
            }
            RequestHandler handler = handlers.get(message.type());
            if (handler == null) {
                Log.warn(channel.name() + ": ignored a message of unknown type '" + message.type() + "'");
                return;
            }
            Request request = new Request(message, session, this, queue);
            try {
                handler.handle(request);
            } catch (InvalidRequestException e) {
                Log.warn(channel.name() + ": invalid " + message.type() + ": " + e.getMessage());
                replyError(message, "InvalidRequest", e.getMessage());
            } catch (Exception | Error e) {
                Log.error(channel.name() + ": " + message.type() + " failed", e);
                replyError(message, e.getClass().getName(), String.valueOf(e.getMessage()));
            }
        } finally {
            iopub.publish(status(message, "idle"));
        }
    }

    /**
     * After a failed cell with stop_on_error: abort the execute requests already waiting on the
     * cell's shell, serve everything else; other shells' queues go on untouched. What waits is taken
     * whole (the socket read to its end first) before the failed cell's reply goes out, so a request
     * the client sends on seeing that reply, or these answers, is never aborted. Called on the shell's
     * thread.
     */
    void replyThenAbortQueued(ShellQueue queue, Runnable reply) {
        if (queue == null) {
            reply.run();
            return;
        }
        List<Channel.Received> queued = new ArrayList<>();
        // One step on the channel's thread, which alone reads: nothing can be queued between the
        // taking and the reply.
        onChannelThread(() -> {
            readAvailable();
            queue.takeAll(queued);
            reply.run();
        }).join();
        for (Channel.Received message : queued) {
            process(message, true, queue);
        }
    }

    private void answerRefusal(MalformedMessageException refusal) {
        Message partial = refusal.partial();
        if (partial != null && partial.type().endsWith("_request")) {
            iopub.publish(status(partial, "busy"));
            replyError(partial, "InvalidMessage", refusal.getMessage());
            iopub.publish(status(partial, "idle"));
        }
    }

    void replyError(Message request, String ename, String evalue) {
        ObjectNode content = session.object();
        content.put("status", "error");
        content.put("ename", ename);
        content.put("evalue", evalue);
        content.putArray("traceback").add(ename + ": " + evalue);
        send(session.reply(request, Request.replyType(request.type()), content));
    }

    private Message status(Message parent, String state) {
        ObjectNode content = session.object();
        content.put("execution_state", state);
        return session.broadcast(parent, "status", content);
    }
}
