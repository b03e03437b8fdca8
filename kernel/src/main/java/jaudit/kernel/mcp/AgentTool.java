package jaudit.kernel.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** One tool the MCP server offers an agent: its definition (name, description, input schema) and its call. */
interface AgentTool {
    String name();

    String description();

    /** The JSON schema of the tool's arguments. */
    String inputSchema();

    McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                  Map<String, Object> meta) throws Exception;

    static McpSchema.CallToolResult error(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(true).build();
    }
}
