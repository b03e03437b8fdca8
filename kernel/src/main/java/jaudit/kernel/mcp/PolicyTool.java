package jaudit.kernel.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code policy}: the policy the agent's cells run under, after the kernel merged it; read-only. */
final class PolicyTool extends AgentTool {
    private final AuditQuery audit;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    PolicyTool(com.fasterxml.jackson.databind.ObjectMapper json, AuditQuery audit) {
        super("policy",
                "Shows the audit policy the agent's cells run under (writable folders, network, allow rules, ...). "
                + "Read-only: only the person who configured this server can change it.",
                NO_ARGUMENTS);
        this.json = json;
        this.audit = audit;
    }

    @Override
    McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                  Map<String, Object> meta) throws Exception {
        Object policy = json.convertValue(audit.run("%audit", Agents.name(exchange)).path("policy"), Object.class);
        return McpSchema.CallToolResult.builder()
                .addTextContent(json.writerWithDefaultPrettyPrinter().writeValueAsString(policy))
                .structuredContent(Map.of("policy", policy))
                .build();
    }
}
