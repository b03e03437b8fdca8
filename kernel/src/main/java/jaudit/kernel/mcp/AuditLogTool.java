package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code audit_log}: the kernel's audit records (denials, approvals, questions asked), newest last, since a time. */
final class AuditLogTool extends AgentTool {
    private final ObjectMapper json;
    private final AuditQuery audit;

    AuditLogTool(ObjectMapper json, AuditQuery audit) {
        super("audit_log",
                "The kernel's audit records as JSON: what was denied or allowed, by which rule or answer, in which cell "
                + "(cells an agent ran are marked '(agent ...)'). 'since' (an ISO-8601 time from an earlier record) "
                + "keeps only later records; 'last' caps how many (default 50).",
                """
                {"type": "object", "properties": {
                   "since": {"type": "string", "description": "ISO-8601 time: only records after it"},
                   "last": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "at most this many"}},
                 "additionalProperties": false}""");
        this.json = json;
        this.audit = audit;
    }

    @Override
    McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                  Map<String, Object> meta) throws Exception {
        int last = arguments.get("last") == null ? 50 : ((Number) arguments.get("last")).intValue();
        String since = (String) arguments.get("since");
        List<Object> records = new ArrayList<>();
        for (JsonNode r : audit.run("%audit log " + last, Agents.name(exchange)).path("records")) {
            // ISO-8601 instants in UTC of one form compare as text.
            if (since == null || r.path("time").asText().compareTo(since) > 0) {
                records.add(json.convertValue(r, Object.class));
            }
        }
        return McpSchema.CallToolResult.builder()
                .addTextContent(json.writeValueAsString(records))
                .structuredContent(Map.of("records", records))
                .build();
    }
}
