package jaudit.kernel.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;

/** How the kernel names the agent whose cell it runs: the MCP client's own name. */
final class Agents {
    private Agents() {
    }

    static String name(McpSyncServerExchange exchange) {
        return exchange.getClientInfo() == null || exchange.getClientInfo().name() == null
                ? "agent" : exchange.getClientInfo().name();
    }
}
