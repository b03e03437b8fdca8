package jaudit.kernel.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jaudit.kernel.audit.HostAsk;
import jaudit.kernel.cell.CellStreams;
import jaudit.kernel.log.Log;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;
import jaudit.policy.AuditContext;

/**
 * The policy's {@code "ask": "host"}: a denial about to happen is sent as a question on every open
 * {@code jaudit.audit} comm, parented by the cell's execute_request, and the cell waits for the
 * host's answer ({@code once}, {@code session} or {@code deny}). No open comm, no answer in time,
 * the comm closing, or an interrupt, and the denial stands.
 */
final class HostQuestions implements HostAsk {
    private final Session session;
    private final IopubChannel iopub;
    private final CellStreams streams;
    private final Set<String> comms;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    HostQuestions(Session session, IopubChannel iopub, CellStreams streams, Set<String> comms) {
        this.session = session;
        this.iopub = iopub;
        this.streams = streams;
        this.comms = comms;
    }

    @Override
    public Optional<String> ask(AuditContext cell, String event, List<Object> args, String where, String message,
                                Duration timeout) {
        Message parent = streams.requestOf(cell);
        if (comms.isEmpty() || parent == null) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            for (String comm : comms) {
                ObjectNode content = session.object();
                content.put("comm_id", comm);
                ObjectNode ask = content.putObject("data").putObject(CommHandlers.ASK);
                ask.put("id", id);
                ask.put("event", event);
                ArrayNode values = ask.putArray("args");
                args.forEach(a -> values.add(a == null ? null : String.valueOf(a)));
                ask.put("where", where);
                ask.put("cell", cell.cell());
                ask.put("shell", cell.shell());
                ask.put("message", message);
                ask.put("timeout", timeout.toMillis() / 1000.0);
                iopub.publish(session.broadcast(parent, "comm_msg", content));
            }
            return Optional.ofNullable(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            pending.remove(id);
        }
    }

    /** The host's answer to question {@code id}; false when no such question waits (answered, or timed out). */
    boolean answer(String id, String decision) {
        CompletableFuture<String> waiting = pending.get(id);
        return waiting != null && waiting.complete(decision);
    }

    /** With the last audit comm closed nobody can answer: every waiting question is unanswered. */
    void commClosed() {
        if (comms.isEmpty()) {
            pending.values().forEach(f -> f.complete(null));
            if (!pending.isEmpty()) {
                Log.info("the jaudit.audit comm closed with " + pending.size() + " question(s) unanswered");
            }
        }
    }
}
