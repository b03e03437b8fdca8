package jaudit.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Jupyter message as it travels on a socket: the routing identities, the four JSON parts and
 * any binary buffers.
 */
public record Message(List<byte[]> identities, ObjectNode header, ObjectNode parentHeader,
                      ObjectNode metadata, ObjectNode content, List<byte[]> buffers) {

    public Message {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    public String type() {
        return header.path("msg_type").asText();
    }

    public String id() {
        return header.path("msg_id").asText();
    }

    /** The subshell a shell request is for (JEP 91); null for the main shell. */
    public String subshellId() {
        return header.path("subshell_id").isTextual() ? header.get("subshell_id").asText() : null;
    }
}
