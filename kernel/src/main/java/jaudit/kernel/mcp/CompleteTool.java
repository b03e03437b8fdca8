package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code complete}: JShell's completions at the cursor, with the state of the cells run so far. */
final class CompleteTool extends CodeQueryTool {
    CompleteTool(ObjectMapper json, AgentKernel kernel) {
        super("complete",
                "Completions for Java code at the cursor (methods, fields, classes, variables declared by earlier cells).",
                "complete_request", json, kernel);
    }

    @Override
    McpSchema.CallToolResult result(ObjectNode reply) {
        List<String> matches = new ArrayList<>();
        reply.path("matches").forEach(m -> matches.add(m.asText()));
        return McpSchema.CallToolResult.builder()
                .addTextContent(matches.isEmpty() ? "(no completions)" : String.join("\n", matches))
                .structuredContent(Map.of("matches", matches,
                        "cursor_start", reply.path("cursor_start").asInt(),
                        "cursor_end", reply.path("cursor_end").asInt()))
                .build();
    }
}
