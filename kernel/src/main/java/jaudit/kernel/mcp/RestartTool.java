package jaudit.kernel.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code restart}: a fresh kernel, every declaration gone; only for a kernel this server started. */
final class RestartTool extends AgentTool {
    private final AgentKernel kernel;

    RestartTool(AgentKernel kernel) {
        super("restart",
                "Restarts the Java kernel: a fresh JVM, every variable, method, class and %maven library gone. "
                + "Not available when this server shares a person's running kernel.",
                NO_ARGUMENTS);
        this.kernel = kernel;
    }

    @Override
    McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                  Map<String, Object> meta) throws Exception {
        if (!kernel.started()) {
            return AgentTool.error("jaudit: this server shares a running kernel (--connection-file); it belongs to "
                    + "whoever started it, so only they can restart it");
        }
        kernel.restart();
        return McpSchema.CallToolResult.builder().addTextContent("restarted: a fresh kernel").build();
    }
}
