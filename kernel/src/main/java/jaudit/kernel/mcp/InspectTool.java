package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code inspect}: the signature and javadoc of what is at the cursor. */
final class InspectTool extends CodeQueryTool {
    InspectTool(ObjectMapper json, AgentKernel kernel) {
        super("inspect", "Signatures and documentation of the Java method, class or variable at the cursor.",
                "inspect_request", json, kernel);
    }

    @Override
    McpSchema.CallToolResult result(ObjectNode reply) {
        boolean found = reply.path("found").asBoolean();
        String text = reply.path("data").path("text/plain").asText();
        return McpSchema.CallToolResult.builder()
                .addTextContent(found ? text : "(nothing found at the cursor)")
                .structuredContent(Map.of("found", found, "text", text))
                .build();
    }
}
