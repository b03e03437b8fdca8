package jaudit.kernel.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code interrupt}: stops the running cell, as the notebook's stop button does. */
final class InterruptTool extends AgentTool {
    private final AgentKernel kernel;

    InterruptTool(AgentKernel kernel) {
        super("interrupt",
                "Interrupts the Java cell that is running (a loop that does not end, a call that hangs). "
                + "Declarations made so far stay.",
                NO_ARGUMENTS);
        this.kernel = kernel;
    }

    @Override
    McpSchema.CallToolResult call(McpSyncServerExchange exchange, Map<String, Object> arguments,
                                  Map<String, Object> meta) throws Exception {
        kernel.interrupt();
        return McpSchema.CallToolResult.builder().addTextContent("interrupted").build();
    }
}
