package jaudit.kernel.request;

import jaudit.kernel.log.Log;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jaudit.kernel.protocol.Channel;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.MalformedMessageException;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;

/**
 * The loop that serves one ROUTER channel (shell or control): read a message, announce busy,
 * dispatch it, announce idle. Nothing a client sends ends the loop: refused frames are logged and
 * dropped, or answered with an error when the request can be identified.
 */
public final class RequestChannel implements Runnable {
    private final Channel channel;
    private final Session session;
    private final IopubChannel iopub;
    private final Map<String, RequestHandler> handlers;
    private volatile boolean running = true;

    public RequestChannel(Channel channel, Session session, IopubChannel iopub, Map<String, RequestHandler> handlers) {
        this.channel = channel;
        this.session = session;
        this.iopub = iopub;
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public void run() {
        while (running) {
            try {
                Channel.Received received = channel.receive(500);
                if (received != null) {
                    process(received, false);
                }
            } catch (RuntimeException | Error e) {
                Log.error(channel.name() + ": unexpected failure while serving a message", e);
            }
        }
    }

    public void stop() {
        running = false;
    }

    private void process(Channel.Received received, boolean aborting) {
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
                channel.send(session.reply(message, "execute_reply", content));
                return;
            }
            RequestHandler handler = handlers.get(message.type());
            if (handler == null) {
                Log.warn(channel.name() + ": ignored a message of unknown type '" + message.type() + "'");
                return;
            }
            Request request = new Request(message, channel, session, this);
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
     * After a failed cell with stop_on_error: abort what is already queued, serve everything else.
     * The queue is taken whole before the failed cell's reply goes out, so a request the client
     * sends on seeing that reply, or these answers, is never aborted.
     */
    void replyThenAbortQueued(Runnable reply) {
        List<Channel.Received> queued = new ArrayList<>();
        Channel.Received received;
        while ((received = channel.receive(0)) != null) {
            queued.add(received);
        }
        reply.run();
        for (Channel.Received message : queued) {
            process(message, true);
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

    private void replyError(Message request, String ename, String evalue) {
        ObjectNode content = session.object();
        content.put("status", "error");
        content.put("ename", ename);
        content.put("evalue", evalue);
        content.putArray("traceback").add(ename + ": " + evalue);
        channel.send(session.reply(request, Request.replyType(request.type()), content));
    }

    private Message status(Message parent, String state) {
        ObjectNode content = session.object();
        content.put("execution_state", state);
        return session.broadcast(parent, "status", content);
    }
}
