package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import jaudit.kernel.client.KernelClient;
import jaudit.kernel.protocol.Message;

/** A shell request about code that runs none (completion, inspection): the code and where the cursor is. */
final class ShellQuery {
    static final String SCHEMA = """
            {"type": "object", "properties": {
               "code": {"type": "string", "description": "Java code"},
               "cursor_pos": {"type": "integer", "minimum": 0,
                              "description": "where the cursor is, in characters (default: the end of the code)"}},
             "required": ["code"], "additionalProperties": false}""";

    private ShellQuery() {
    }

    static Message ask(ObjectMapper json, AgentKernel kernel, String type, Map<String, Object> arguments)
            throws Exception {
        String code = (String) arguments.get("code");
        Number cursor = (Number) arguments.get("cursor_pos");
        ObjectNode content = json.createObjectNode();
        content.put("code", code);
        content.put("cursor_pos", cursor == null ? code.codePointCount(0, code.length()) : cursor.intValue());
        if (type.equals("inspect_request")) {
            content.put("detail_level", 0);
        }
        return kernel.client().send(KernelClient.Route.SHELL, type, content, m -> { }).await(Duration.ofSeconds(60));
    }
}
