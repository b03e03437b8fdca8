package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MCP cancellation ({@code notifications/cancelled}), which the Java SDK's server does not act on: each
 * message from the client passes here before the SDK reads it. A {@code tools/call} request gets its
 * JSON-RPC id in its {@code _meta} (where the tool, which the SDK never tells its id, reads it), and a
 * cancellation runs what the tool registered for that id: run_cell interrupts its cell.
 */
final class Cancellations {
    /** The key of a tools/call request's id in its {@code _meta}. */
    static final String REQUEST_ID = "jaudit/request_id";
    private static final byte[] CALL = "tools/call".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CANCELLED = "notifications/cancelled".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final Map<String, Runnable> cancels = new ConcurrentHashMap<>();

    Cancellations(ObjectMapper json) {
        this.json = json;
    }

    /** One JSON-RPC message as the client sent it; returns it as the SDK should read it. */
    byte[] pass(byte[] message) {
        // Most messages are neither: they pass unparsed, a cell of megabytes too.
        boolean call = contains(message, CALL);
        if (!call && !contains(message, CANCELLED)) {
            return message;
        }
        JsonNode node;
        try {
            node = json.readTree(message);
        } catch (IOException e) {
            return message; // the SDK answers malformed JSON itself
        }
        if (node == null || !node.isObject()) {
            return message;
        }
        String method = node.path("method").asText();
        if (method.equals("notifications/cancelled")) {
            Optional.ofNullable(cancels.remove(node.path("params").path("requestId").asText()))
                    .ifPresent(Runnable::run);
            return message;
        }
        if (method.equals("tools/call") && node.has("id") && node.path("params").isObject()) {
            ObjectNode params = (ObjectNode) node.get("params");
            ObjectNode meta = params.path("_meta").isObject() ? (ObjectNode) params.get("_meta") : params.putObject("_meta");
            meta.put(REQUEST_ID, node.get("id").asText());
            try {
                return json.writeValueAsBytes(node);
            } catch (IOException e) {
                return message;
            }
        }
        return message;
    }

    /** Runs {@code cancel} if the client cancels the request {@code meta} names, until {@link #done}. */
    void onCancel(Map<String, Object> meta, Runnable cancel) {
        requestId(meta).ifPresent(id -> cancels.put(id, cancel));
    }

    void done(Map<String, Object> meta) {
        requestId(meta).ifPresent(cancels::remove);
    }

    private static Optional<String> requestId(Map<String, Object> meta) {
        return meta == null ? Optional.empty() : Optional.ofNullable(meta.get(REQUEST_ID)).map(String::valueOf);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
