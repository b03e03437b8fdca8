package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the kernel's own account of the agent's policy and audit records: {@code %audit} run under the
 * agent's policy, as the agent's, outside the history, its JSON result taken. The kernel holds the one
 * audit log, so the agent sees what the person's {@code %audit} shows.
 */
final class AuditQuery {
    private final ObjectMapper json;
    private final AgentKernel kernel;
    private final ObjectNode policy;

    AuditQuery(ObjectMapper json, AgentKernel kernel, ObjectNode policy) {
        this.json = json;
        this.kernel = kernel;
        this.policy = policy;
    }

    /** @param magic {@code %audit} or {@code %audit log N} */
    JsonNode run(String magic, String agent) throws Exception {
        AtomicReference<JsonNode> result = new AtomicReference<>();
        AgentRequest.send(json, kernel, magic, false, policy, agent, m -> {
            if (m.type().equals("execute_result")) {
                result.set(m.content().path("data").path("application/json"));
            }
        }).await(Duration.ofSeconds(60));
        if (result.get() == null || !result.get().isObject()) {
            throw new IllegalStateException("the kernel did not answer " + magic);
        }
        return result.get();
    }
}
