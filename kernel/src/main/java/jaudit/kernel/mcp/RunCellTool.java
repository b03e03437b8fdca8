package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jaudit.kernel.client.Exchange;
import jaudit.kernel.client.KernelGoneException;
import jaudit.kernel.audit.HostAsk;
import jaudit.kernel.handler.CommHandlers;
import jaudit.kernel.handler.ExecuteHandler;
import jaudit.kernel.log.Log;
import jaudit.kernel.protocol.Message;

/**
 * {@code run_cell}: runs Java in the kernel under the agent's policy, marked as the agent's cell.
 * The kernel's questions about it (the policy's {@code ask}) go to the person through the agent's
 * client as elicitations; long cells report their latest output line as progress; a timeout
 * interrupts the cell.
 */
final class RunCellTool extends AgentTool {
    /** JShell takes a cell as one string; beyond this, the agent should load a file instead. */
    static final int MAX_CODE_BYTES = 1 << 20;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final ObjectMapper json;
    private final AgentKernel kernel;
    private final ObjectNode policy;
    private final Optional<NotebookRecord> record;
    private final Cancellations cancellations;

    RunCellTool(ObjectMapper json, AgentKernel kernel, ObjectNode policy, Optional<NotebookRecord> record,
                Cancellations cancellations) {
        super("run_cell",
                "Runs Java (JShell snippets: statements, expressions, methods, classes; %maven group:artifact:version "
                + "adds a library) in a jaudit kernel under an audit policy. State carries over between calls. "
                + "A write outside the allowed folders, a subprocess, exiting the JVM or a native call is blocked: "
                + "the result then says what was blocked and which policy rule would allow it, which only the "
                + "person can add.",
                """
                {"type": "object", "properties": {
                   "code": {"type": "string", "description": "the Java code of the cell"},
                   "timeout": {"type": "number", "exclusiveMinimum": 0,
                               "description": "seconds after which the cell is interrupted (default: none)"}},
                 "required": ["code"], "additionalProperties": false}""");
        this.cancellations = cancellations;
        this.json = json;
        this.kernel = kernel;
        this.policy = policy;
        this.record = record;
    }

    @Override
    McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                  Map<String, Object> meta) throws Exception {
        String code = (String) arguments.get("code");
        int size = code.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_CODE_BYTES) {
            return AgentTool.error("run_cell takes up to " + MAX_CODE_BYTES / 1024 + " KiB of code; this cell has "
                    + size / 1024 + " KiB. Write large data to a file in an allowed folder and read it from a cell.");
        }
        Optional<Duration> timeout = Optional.ofNullable((Number) arguments.get("timeout"))
                .map(t -> Duration.ofMillis((long) (t.doubleValue() * 1000)));
        Object progressToken = meta == null ? null : meta.get("progressToken");
        String agent = Agents.name(exchange);

        // Output, and a mark when the reply comes (on another socket, possibly after the idle status), so
        // the loop below wakes for either at once.
        BlockingQueue<Object> published = new LinkedBlockingQueue<>();
        Object replied = new Object();
        Exchange cell;
        try {
            cell = AgentRequest.send(json, kernel, code, true, policy, agent, published::add);
        } catch (KernelGoneException e) {
            return kernelGone(new CellTranscript(json), e.getMessage());
        }
        cell.reply().whenComplete((reply, failure) -> published.add(replied));
        // A client that cancels the call (MCP's notifications/cancelled) stops the cell, as the agent meant.
        cancellations.onCancel(meta, () -> {
            try {
                kernel.interrupt();
            } catch (Exception e) {
                Log.warn("mcp: could not interrupt a cancelled cell: " + e);
            }
        });
        CellTranscript transcript = new CellTranscript(json);
        List<Map<String, Object>> asks = new ArrayList<>();
        long started = System.nanoTime();
        long lastProgress = started;
        boolean timedOut = false;
        int outputs = 0;
        try {
            while (!(cell.reply().isDone() && cell.idle().isDone() && published.isEmpty())) {
                if (cell.reply().isCompletedExceptionally()) {
                    cell.reply().join();
                }
                Object next = published.poll(100, TimeUnit.MILLISECONDS);
                if (next instanceof Message message) {
                    if (transcript.take(message)) {
                        outputs++;
                    } else if (message.type().equals("comm_msg") && message.content().path("data").has(CommHandlers.ASK)) {
                        asks.add(ask(exchange, message.content().path("data").path(CommHandlers.ASK), transcript));
                    }
                }
                long now = System.nanoTime();
                if (progressToken != null && now - lastProgress >= PROGRESS_EVERY.toNanos()) {
                    lastProgress = now;
                    exchange.progressNotification(new McpSchema.ProgressNotification(progressToken,
                            (double) outputs, null, transcript.lastLine().isEmpty()
                            ? "running for " + Duration.ofNanos(now - started).toSeconds() + " s" : transcript.lastLine()));
                }
                if (!timedOut && timeout.isPresent() && now - started > timeout.get().toNanos()
                        && !cell.reply().isDone()) {
                    timedOut = true;
                    kernel.interrupt();
                }
            }
        } catch (KernelGoneException | java.util.concurrent.CompletionException e) {
            return kernelGone(transcript, e instanceof KernelGoneException ? e.getMessage() : e.getCause().getMessage());
        } finally {
            cancellations.done(meta);
        }
        Message reply = cell.reply().get();
        if (timedOut) {
            transcript.note("jaudit: the cell ran past its timeout of " + arguments.get("timeout")
                    + " s and was interrupted");
        }
        String status = reply.content().path("status").asText();
        int count = reply.content().path("execution_count").asInt();
        List<Object> denials = new ArrayList<>();
        reply.metadata().path(ExecuteHandler.METADATA).path(ExecuteHandler.DENIALS).forEach(d -> denials.add(json.convertValue(d, Object.class)));
        record.ifPresent(r -> r.append(code, count, transcript.outputs(), policy, agent, !status.equals("ok")));
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", status);
        structured.put("execution_count", count);
        structured.put("denials", denials);
        structured.put("asks", asks);
        if (timedOut) {
            structured.put("timed_out", true);
        }
        if (status.equals("error")) {
            structured.put("ename", reply.content().path("ename").asText());
            structured.put("evalue", reply.content().path("evalue").asText());
        }
        List<McpSchema.Content> shown = transcript.content();
        return McpSchema.CallToolResult.builder()
                .content(shown.isEmpty() ? List.of(new McpSchema.TextContent("(no output)")) : shown)
                .isError(!status.equals("ok"))
                .structuredContent(structured)
                .build();
    }

    private McpSchema.CallToolResult kernelGone(CellTranscript transcript, String why) {
        transcript.note("jaudit: " + why + (kernel.started() ? "; the kernel's state is lost (the restart tool starts "
                + "a fresh kernel)" : ""));
        return McpSchema.CallToolResult.builder().content(transcript.content()).isError(true)
                .structuredContent(Map.of("status", "error", "kernel", why, "denials", List.of())).build();
    }

    /**
     * Puts the kernel's question to the person through the agent's client; a client that cannot ask
     * (no elicitation) is answered deny at once, so the cell never waits on nobody.
     */
    private Map<String, Object> ask(McpSyncServerExchange exchange, JsonNode question, CellTranscript transcript) {
        String id = question.path("id").asText();
        String decision = HostAsk.DENY;
        String how = "the agent's client cannot ask a person (no elicitation)";
        if (exchange.getClientCapabilities() != null && exchange.getClientCapabilities().elicitation() != null) {
            Map<String, Object> schema = Map.of("type", "object",
                    "properties", Map.of("decision", Map.of("type", "string", "title", "Allow it?",
                            "enum", HostAsk.DECISIONS,
                            "description", "once: this time; session: the same action for the kernel's life; deny")),
                    "required", List.of("decision"));
            try {
                McpSchema.ElicitResult answer = exchange.createElicitation(McpSchema.ElicitRequest.builder(
                        "The agent's Java cell was blocked by jaudit's audit policy: "
                                + question.path("message").asText().lines().findFirst().orElse("")
                                + " (" + question.path("where").asText() + "). Allow it?", schema).build());
                if (answer.action() == McpSchema.ElicitResult.Action.ACCEPT && answer.content() != null
                        && HostAsk.DECISIONS.contains(String.valueOf(answer.content().get("decision")))) {
                    decision = String.valueOf(answer.content().get("decision"));
                }
                how = "asked the person: " + answer.action().name().toLowerCase()
                        + (answer.content() == null ? "" : " " + answer.content().get("decision"));
            } catch (RuntimeException e) {
                how = "the question failed: " + e.getMessage();
            }
        }
        kernel.answer(id, decision);
        transcript.note("jaudit: " + question.path("event").asText() + " " + question.path("args") + ": " + how
                + " -> " + decision);
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("event", question.path("event").asText());
        asked.put("args", json.convertValue(question.path("args"), Object.class));
        asked.put("where", question.path("where").asText());
        asked.put("decision", decision);
        return asked;
    }
}
