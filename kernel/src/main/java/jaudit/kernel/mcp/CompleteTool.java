package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jaudit.kernel.protocol.Message;

/** {@code complete}: JShell's completions at the cursor, with the state of the cells run so far. */
final class CompleteTool implements AgentTool {
    private final ObjectMapper json;
    private final AgentKernel kernel;

    CompleteTool(ObjectMapper json, AgentKernel kernel) {
        this.json = json;
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "complete";
    }

    @Override
    public String description() {
        return "Completions for Java code at the cursor (methods, fields, classes, variables declared by earlier cells).";
    }

    @Override
    public String inputSchema() {
        return ShellQuery.SCHEMA;
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                         Map<String, Object> meta) throws Exception {
        Message reply = ShellQuery.ask(json, kernel, "complete_request", arguments);
        List<String> matches = new ArrayList<>();
        reply.content().path("matches").forEach(m -> matches.add(m.asText()));
        return McpSchema.CallToolResult.builder()
                .addTextContent(matches.isEmpty() ? "(no completions)" : String.join("\n", matches))
                .structuredContent(Map.of("matches", matches,
                        "cursor_start", reply.content().path("cursor_start").asInt(),
                        "cursor_end", reply.content().path("cursor_end").asInt()))
                .build();
    }
}
