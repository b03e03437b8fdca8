package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import jaudit.kernel.client.KernelClient;
import jaudit.kernel.protocol.Message;

/**
 * A tool that asks the kernel about code without running it (completion, inspection): the code and
 * where the cursor is go out as one shell request; a subclass turns the reply into the result.
 */
abstract class CodeQueryTool extends AgentTool {
    private static final String SCHEMA = """
            {"type": "object", "properties": {
               "code": {"type": "string", "description": "Java code"},
               "cursor_pos": {"type": "integer", "minimum": 0,
                              "description": "where the cursor is, in characters (default: the end of the code)"}},
             "required": ["code"], "additionalProperties": false}""";

    private final ObjectMapper json;
    private final AgentKernel kernel;
    private final String requestType;

    CodeQueryTool(String name, String description, String requestType, ObjectMapper json, AgentKernel kernel) {
        super(name, description, SCHEMA);
        this.requestType = requestType;
        this.json = json;
        this.kernel = kernel;
    }

    @Override
    final McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                        Map<String, Object> meta) throws Exception {
        String code = (String) arguments.get("code");
        Number cursor = (Number) arguments.get("cursor_pos");
        ObjectNode content = json.createObjectNode();
        content.put("code", code);
        content.put("cursor_pos", cursor == null ? code.codePointCount(0, code.length()) : cursor.intValue());
        content.put("detail_level", 0);
        return result(kernel.client().send(KernelClient.Route.SHELL, requestType, content, m -> { })
                .await(Duration.ofSeconds(60)).content());
    }

    /** The tool's result from the kernel's reply content. */
    abstract McpSchema.CallToolResult result(ObjectNode reply);
}
