package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import jaudit.kernel.protocol.Message;

/** {@code inspect}: the signature and javadoc of what is at the cursor. */
final class InspectTool implements AgentTool {
    private final ObjectMapper json;
    private final AgentKernel kernel;

    InspectTool(ObjectMapper json, AgentKernel kernel) {
        this.json = json;
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String description() {
        return "Signatures and documentation of the Java method, class or variable at the cursor.";
    }

    @Override
    public String inputSchema() {
        return ShellQuery.SCHEMA;
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                         Map<String, Object> meta) throws Exception {
        Message reply = ShellQuery.ask(json, kernel, "inspect_request", arguments);
        boolean found = reply.content().path("found").asBoolean();
        String text = reply.content().path("data").path("text/plain").asText();
        return McpSchema.CallToolResult.builder()
                .addTextContent(found ? text : "(nothing found at the cursor)")
                .structuredContent(Map.of("found", found, "text", text))
                .build();
    }
}
