package jaudit.kernel.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Makes outgoing messages with fresh headers: the kernel's, which point back at the request they
 * answer, and a client's requests (the MCP server speaks to a kernel as a Jupyter client).
 */
public final class Session {
    public static final String PROTOCOL_VERSION = "5.5";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final String id = UUID.randomUUID().toString();

    public Session(ObjectMapper json) {
        this.json = json;
    }

    public ObjectMapper json() {
        return json;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    /** A reply to {@code request}, routed back to whoever sent it. */
    public Message reply(Message request, String type, ObjectNode content) {
        return new Message(request.identities(), header(type), request.header().deepCopy(), object(), content,
                List.of());
    }

    /** A message for the iopub channel, with {@code parent} as its parent header (may be null). */
    public Message broadcast(Message parent, String type, ObjectNode content) {
        ObjectNode parentHeader = parent == null ? object() : parent.header().deepCopy();
        return new Message(List.of(("kernel." + id + "." + type).getBytes(StandardCharsets.UTF_8)),
                header(type), parentHeader, object(), content, List.of());
    }

    /** A request the kernel sends to a client (input_request), routed with the parent's identities. */
    public Message request(Message parent, String type, ObjectNode content) {
        return new Message(parent.identities(), header(type), parent.header().deepCopy(), object(), content,
                List.of());
    }

    /** A client's request to a kernel: no parent, the given metadata. */
    public Message request(String type, ObjectNode content, ObjectNode metadata) {
        return new Message(List.of(), header(type), object(), metadata, content, List.of());
    }

    private ObjectNode header(String type) {
        ObjectNode header = object();
        header.put("msg_id", UUID.randomUUID().toString());
        header.put("session", id);
        header.put("username", "kernel");
        header.put("date", DATE.format(Instant.now().truncatedTo(ChronoUnit.MICROS)));
        header.put("msg_type", type);
        header.put("version", PROTOCOL_VERSION);
        return header;
    }
}
