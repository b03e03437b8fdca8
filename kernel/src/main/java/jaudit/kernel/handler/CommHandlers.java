package jaudit.kernel.handler;

import jaudit.kernel.log.Log;
import jaudit.kernel.request.Request;
import jaudit.kernel.request.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jaudit.kernel.audit.HostAsk;
import jaudit.kernel.audit.HostData;
import jaudit.kernel.cell.CellStreams;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;

/**
 * The comm messages. One target: {@code jaudit.audit}, through which the host replaces the policy's
 * {@code data} between cells ({@code {"data": ...}} in comm_open or comm_msg; the kernel answers
 * {@code {"status": "ok"}} on the comm) and answers the kernel's questions under {@code "ask": "host"}
 * ({@code {"answer": {"id": ..., "decision": "once"}}}, sent on the control channel, since the shell
 * is busy with the cell that asked). Comms to other targets are closed at once, as the spec asks.
 */
public final class CommHandlers {
    /** The comm target through which the host replaces the policy's data and answers questions. */
    public static final String AUDIT_TARGET = "jaudit.audit";
    /** The key of a question the kernel asks on that comm, in a comm message's data. */
    public static final String ASK = "ask";
    /** The key of a host's answer to a cell's question in a jaudit.audit comm message's data. */
    public static final String ANSWER = "answer";
    private final Session session;
    private final IopubChannel iopub;
    private final Set<String> auditComms = ConcurrentHashMap.newKeySet();
    private final HostQuestions questions;

    public CommHandlers(Session session, IopubChannel iopub, CellStreams streams) {
        this.session = session;
        this.iopub = iopub;
        this.questions = new HostQuestions(session, iopub, streams, auditComms);
    }

    /** Asks the host over the open jaudit.audit comms, for policies with {@code "ask": "host"}. */
    public HostAsk hostAsk() {
        return questions;
    }

    public void info(Request request) throws InvalidRequestException {
        String target = request.text("target_name", null);
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        ObjectNode comms = content.putObject("comms");
        for (String id : auditComms) {
            if (target == null || target.equals(AUDIT_TARGET)) {
                comms.putObject(id).put("target_name", AUDIT_TARGET);
            }
        }
        request.reply(content);
    }

    public void open(Request request) throws InvalidRequestException {
        String commId = request.text("comm_id");
        String target = request.text("target_name", "");
        if (target.equals(AUDIT_TARGET)) {
            auditComms.add(commId);
            apply(request, commId);
            return;
        }
        Log.info("comm_open for unknown target '" + target + "': closing it");
        ObjectNode close = session.object();
        close.put("comm_id", commId);
        close.putObject("data");
        iopub.publish(session.broadcast(request.message(), "comm_close", close));
    }

    /** Whether a comm_msg carries a host's answer to a question, which the asking cell waits for. */
    public static boolean isAnswer(Message message) {
        return message.content().path("data").has(ANSWER);
    }

    public void message(Request request) throws InvalidRequestException {
        String commId = request.text("comm_id");
        if (auditComms.contains(commId)) {
            apply(request, commId);
        } else {
            ignore(request);
        }
    }

    public void close(Request request) throws InvalidRequestException {
        auditComms.remove(request.text("comm_id"));
        questions.commClosed();
    }

    private void apply(Request request, String commId) {
        JsonNode data = request.content().path("data");
        ObjectNode answer = session.object();
        answer.put("comm_id", commId);
        ObjectNode status = answer.putObject("data");
        if (data.has("data")) {
            HostData.replace(session.json().convertValue(data.get("data"), Object.class));
            status.put("status", "ok");
        } else if (data.has(ANSWER)) {
            JsonNode given = data.get(ANSWER);
            String id = given.path("id").asText();
            String decision = given.path("decision").asText();
            if (!HostAsk.DECISIONS.contains(decision)) {
                status.put("status", "error");
                status.put("message", "an answer's decision is once, session or deny, not '" + decision + "'");
            } else if (!questions.answer(id, decision)) {
                status.put("status", "error");
                status.put("message", "no question '" + id + "' is waiting (answered already, or timed out)");
            } else {
                status.put("status", "ok");
            }
        } else if (data.isObject() && data.size() > 0) {
            status.put("status", "error");
            status.put("message", "jaudit.audit understands {\"data\": ...} and {\"answer\": ...}, not " + data);
        } else {
            status.put("status", "ok");
        }
        iopub.publish(session.broadcast(request.message(), "comm_msg", answer));
    }

    void ignore(Request request) {
        Log.debug("ignored " + request.message().type() + " for comm " + request.content().path("comm_id").asText());
    }
}
