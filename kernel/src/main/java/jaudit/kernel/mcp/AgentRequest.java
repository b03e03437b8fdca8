package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jaudit.kernel.client.Exchange;
import jaudit.kernel.client.KernelClient;
import jaudit.kernel.handler.ExecuteHandler;
import jaudit.kernel.protocol.Message;
import java.util.function.Consumer;

/**
 * An execute_request as the server sends the agent's code: under the agent's policy
 * ({@code metadata.audit}), marked as the agent's ({@code metadata.jaudit.agent}), without stdin (a
 * question goes to the person through the agent's client instead).
 */
final class AgentRequest {
    private AgentRequest() {
    }

    static Exchange send(ObjectMapper json, AgentKernel kernel, String code, boolean storeHistory, ObjectNode policy,
                         String agent, Consumer<Message> output) {
        ObjectNode content = json.createObjectNode();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", storeHistory);
        content.putObject("user_expressions");
        content.put("allow_stdin", false);
        content.put("stop_on_error", false);
        ObjectNode metadata = json.createObjectNode();
        metadata.set("audit", policy.deepCopy());
        metadata.putObject(ExecuteHandler.METADATA).put(ExecuteHandler.AGENT, agent);
        return kernel.client().send(KernelClient.Route.SHELL, "execute_request", content, metadata, output);
    }
}
