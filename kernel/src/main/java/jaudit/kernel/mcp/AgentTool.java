package jaudit.kernel.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * One tool the MCP server offers an agent: its name, what it does (the agent reads this to choose it),
 * the JSON schema of its arguments, and its call.
 */
abstract class AgentTool {
    static final String NO_ARGUMENTS = "{\"type\": \"object\", \"properties\": {}, \"additionalProperties\": false}";

    private final String name;
    private final String description;
    private final String inputSchema;

    AgentTool(String name, String description, String inputSchema) {
        this.name = name;
        this.description = description;
        this.inputSchema = inputSchema;
    }

    final String name() {
        return name;
    }

    final String description() {
        return description;
    }

    final String inputSchema() {
        return inputSchema;
    }

    /** @param meta the request's {@code _meta} (its progress token, its id for cancellation), or null */
    abstract McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                           Map<String, Object> meta) throws Exception;

    static McpSchema.CallToolResult error(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(true).build();
    }
}
