package jaudit.kernel.handler;

import jaudit.kernel.request.Request;
import jaudit.kernel.request.RequestHandler;
import jaudit.kernel.request.InvalidRequestException;
import jaudit.kernel.request.Subshells;
import jaudit.kernel.cell.CellRunner;
import jaudit.kernel.cell.CellStreams;
import jaudit.kernel.cell.EvaluatorStartup;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.Map;
import java.util.Optional;
import jaudit.instrument.CellInterruptedError;
import jaudit.kernel.audit.AuditScope;
import jaudit.kernel.audit.CellPolicies;
import jaudit.kernel.audit.Denial;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;
import jaudit.kernel.magic.CellRun;
import jaudit.kernel.magic.EventJudge;
import jaudit.kernel.magic.MagicRegistry;
import jaudit.kernel.jshell.CellError;
import jaudit.kernel.jshell.CellEvaluator;
import jaudit.kernel.jshell.CellResult;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditPolicy;
import jaudit.policy.PolicyException;

/**
 * execute_request on one shell: the cell's whole path from the request to its reply. The code runs
 * on the shell's cell thread with the process's streams pointed at this request; output is flushed
 * before the result, the error or the reply goes out. Each shell counts its own cells (JEP 91), so a
 * subshell's cells are labelled with the subshell: {@code In[3] (subshell 3f2a1b2c)}.
 */
public final class ExecuteHandler implements RequestHandler {
    private final Session session;
    private final IopubChannel iopub;
    private final EvaluatorStartup startup;
    private final CellRunner runner;
    private final CellRunner.Lane lane;
    private final String subshell;
    private final CellStreams streams;
    private final History history;
    private final AuditScope audit;
    private final CellPolicies policies;
    private final MagicRegistry magics;
    private final EventJudge judge;
    private int executionCount;

    /**
     * @param lane the shell's cell thread
     * @param subshell the subshell's id, or null for the main shell
     */
    public ExecuteHandler(Session session, IopubChannel iopub, EvaluatorStartup startup, CellRunner runner,
            CellRunner.Lane lane, String subshell, CellStreams streams, History history, AuditScope audit,
            CellPolicies policies, MagicRegistry magics, EventJudge judge) {
        this.session = session;
        this.iopub = iopub;
        this.startup = startup;
        this.runner = runner;
        this.lane = lane;
        this.subshell = subshell;
        this.streams = streams;
        this.history = history;
        this.audit = audit;
        this.policies = policies;
        this.magics = magics;
        this.judge = judge;
    }

    /** The request metadata's and the reply metadata's key for what the kernel reads and tells programs. */
    public static final String METADATA = "jaudit";
    /** Under {@link #METADATA} in a request: the name of the AI agent whose cell it is. */
    public static final String AGENT = "agent";
    /** Under {@link #METADATA} in a reply: the cell's denials. */
    public static final String DENIALS = "denials";

    /**
     * The parts of an execute_request the kernel acts on, checked against the schema; {@code agent}
     * names the AI agent whose cell it is, from the request metadata's {@code jaudit.agent} (set by
     * the MCP server), so that errors, denials, %audit and the audit log say which cells an agent ran.
     */
    private record Cell(String code, boolean silent, boolean storeHistory, boolean allowStdin, boolean stopOnError,
                        Map<String, String> userExpressions, Optional<String> agent) {
        static Cell of(Request request) throws InvalidRequestException {
            boolean silent = request.flag("silent", false);
            Map<String, String> expressions = new LinkedHashMap<>();
            ObjectNode given = request.object("user_expressions");
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new InvalidRequestException("user_expressions['" + e.getKey() + "'] must be a string");
                }
                expressions.put(e.getKey(), e.getValue().asText());
            }
            return new Cell(request.text("code"), silent, !silent && request.flag("store_history", true),
                    request.flag("allow_stdin", true), request.flag("stop_on_error", true), expressions,
                    Optional.of(request.message().metadata().path(METADATA).path(AGENT))
                            .filter(JsonNode::isTextual).map(JsonNode::asText));
        }
    }

    /** What the cell thread hands back: the cell's result, the user expressions' values, the context it ran under. */
    private record Ran(CellResult result, ObjectNode userExpressions, AuditContext context) {
    }

    @Override
    public void handle(Request request) throws Exception {
        Cell cell = Cell.of(request);
        Message message = request.message();
        AuditPolicy policy;
        try {
            policy = policies.forRequest(message.metadata().path("audit"), cell.agent().isPresent());
        } catch (PolicyException e) {
            // A host's bad policy runs nothing: never a cell under a policy other than the one asked for.
            CellError error = new CellError("AuditPolicyError", "metadata.audit: " + e.getMessage(),
                    List.of("AuditPolicyError: metadata.audit: " + e.getMessage()));
            iopub.publish(session.broadcast(message, "error", errorContent(error)));
            ObjectNode reply = errorContent(error);
            reply.put("status", "error");
            reply.put("execution_count", executionCount);
            if (cell.stopOnError()) {
                request.replyAbortingQueued(reply, session.object());
            } else {
                request.reply(reply);
            }
            return;
        }
        if (cell.storeHistory()) {
            executionCount++;
        }
        int count = executionCount;
        String label = "In[" + count + "]" + (subshell == null ? "" : " (subshell " + Subshells.shortId(subshell) + ")")
                + cell.agent().map(a -> " (agent " + a + ")").orElse("");
        CellRunner.Outcome<Ran> outcome = lane.run(() -> {
            // Announced from the cell thread, once the cell counts as running: a client that interrupts
            // as soon as it sees its input always finds the cell to stop.
            if (!cell.silent()) {
                ObjectNode input = session.object();
                input.put("code", cell.code());
                input.put("execution_count", count);
                iopub.publish(session.broadcast(message, "execute_input", input));
            }
            CellStreams.Turn turn = streams.enter(message, cell.allowStdin());
            try {
                // The first cell may wait here for JShell's start; an interrupt must stop that wait too.
                CellEvaluator evaluator;
                try {
                    evaluator = startup.evaluator();
                } catch (ExecutionException e) {
                    if (lane.stopRequested()) {
                        return new Ran(interrupted(new CellError("", "", List.of())), session.object(), null);
                    }
                    throw e;
                }
                runner.forceStopOnlyWhile(evaluator::runningCellCode);
                AuditContext context = new AuditContext(policy, label, Thread.currentThread().getName(),
                        count, subshell, cell.allowStdin() ? streams.prompt(turn) : null);
                streams.bind(context, turn);
                return audit.run(context, () -> {
                    CellResult result = new CellRun(magics, evaluator, context, judge).evaluate(cell.code());
                    ObjectNode expressions = result.failed() ? session.object()
                            : evaluateExpressions(evaluator, cell.userExpressions(), label);
                    return new Ran(result, expressions, context);
                });
            } finally {
                streams.leave(turn);
            }
        });
        CellResult result = outcome.value().result();
        if (outcome.interrupted() && result.failed()) {
            result = interrupted(result.error().get());
        }
        List<Denial> denials = outcome.value().context() == null ? List.of() : audit.takeDenials(outcome.value().context());
        String unreported = Denial.unreported(denials,
                result.error().map(e -> e.evalue() + "\n" + String.join("\n", e.traceback())).orElse(""));
        if (unreported != null && result.failed()) {
            result = withNote(result, unreported);
        } else if (unreported != null) {
            ObjectNode stream = session.object();
            stream.put("name", "stderr");
            stream.put("text", unreported + "\n");
            iopub.publish(session.broadcast(message, "stream", stream));
        }
        if (cell.storeHistory()) {
            history.add(count, cell.code(), result.text());
        }
        ObjectNode reply = session.object();
        if (result.failed()) {
            CellError error = result.error().get();
            ObjectNode content = errorContent(error);
            iopub.publish(session.broadcast(message, "error", content.deepCopy()));
            reply.put("status", "error");
            reply.put("execution_count", count);
            reply.setAll(content);
            if (cell.stopOnError()) {
                request.replyAbortingQueued(reply, replyMetadata(denials));
            } else {
                request.reply(reply, replyMetadata(denials));
            }
            return;
        }
        if (result.value().isPresent() && !cell.silent()) {
            ObjectNode content = session.object();
            content.put("execution_count", count);
            content.set("data", mimeBundle(result.value().get()));
            content.putObject("metadata");
            iopub.publish(session.broadcast(message, "execute_result", content));
        }
        reply.put("status", "ok");
        reply.put("execution_count", count);
        reply.set("user_expressions", outcome.value().userExpressions());
        reply.putArray("payload");
        request.reply(reply, replyMetadata(denials));
    }

    /** The cell's denials for programs (the MCP server's structured result): {@code {"jaudit": {"denials": [...]}}}. */
    private ObjectNode replyMetadata(List<Denial> denials) {
        ObjectNode metadata = session.object();
        com.fasterxml.jackson.databind.node.ArrayNode list = metadata.putObject(METADATA).putArray(DENIALS);
        for (Denial d : denials) {
            ObjectNode denial = list.addObject();
            denial.put("event", d.event());
            denial.set("args", session.json().valueToTree(d.args()));
            denial.put("where", d.where());
            try {
                denial.set("allow_rule", d.allowRule() == null ? null : session.json().readTree(d.allowRule()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("an allow rule is written as JSON", e);
            }
        }
        return metadata;
    }

    /** A JSON type's data is the JSON itself in a bundle, not a string holding it (the messaging spec's rule). */
    private ObjectNode mimeBundle(Map<String, String> value) {
        ObjectNode data = session.object();
        value.forEach((type, text) -> {
            if (type.equals("application/json") || type.endsWith("+json")) {
                try {
                    data.set(type, session.json().readTree(text));
                    return;
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // Not JSON after all: passed on as the text it is.
                }
            }
            data.put(type, text);
        });
        return data;
    }

    private ObjectNode evaluateExpressions(CellEvaluator evaluator, Map<String, String> expressions, String label) {
        ObjectNode values = session.object();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            CellResult result = evaluator.evaluate(e.getValue(), label);
            ObjectNode value = values.putObject(e.getKey());
            if (result.failed()) {
                value.put("status", "error");
                value.setAll(errorContent(result.error().get()));
            } else {
                value.put("status", "ok");
                value.set("data", session.json().valueToTree(result.value().orElse(Map.of("text/plain", ""))));
                value.putObject("metadata");
            }
        }
        return values;
    }

    /** A failed cell's error with a last line added to its value and its traceback. */
    private static CellResult withNote(CellResult result, String note) {
        CellError error = result.error().get();
        List<String> traceback = new ArrayList<>(error.traceback());
        traceback.add(note);
        return new CellResult(result.value(), Optional.of(new CellError(error.ename(), error.evalue() + "\n" + note,
                traceback)));
    }

    /** An interrupted cell reports the interrupt, whatever exception the interrupt surfaced as. */
    private static CellResult interrupted(CellError error) {
        CellInterruptedError marker = new CellInterruptedError();
        List<String> traceback = new ArrayList<>();
        traceback.add(marker.getClass().getName() + ": " + marker.getMessage());
        error.traceback().stream().filter(l -> l.startsWith("\tat ")).forEach(traceback::add);
        return new CellResult(Optional.empty(), Optional.of(
                new CellError(marker.getClass().getName(), marker.getMessage(), traceback)));
    }

    private ObjectNode errorContent(CellError error) {
        ObjectNode content = session.object();
        content.put("ename", error.ename());
        content.put("evalue", error.evalue());
        ArrayNode traceback = content.putArray("traceback");
        error.traceback().forEach(traceback::add);
        return content;
    }


}
