package jaudit.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns ZeroMQ frame sequences into {@link Message}s and back, checking everything the wire format
 * promises: the delimiter, the frame count, the signature, replays, UTF-8, JSON objects, and the
 * header fields the kernel relies on.
 */
public final class WireCodec {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final int REPLAY_MEMORY = 1 << 16;

    private final ObjectMapper json;
    private final MessageSigner signer;
    private final ReplayGuard replays = new ReplayGuard(REPLAY_MEMORY);

    public WireCodec(ObjectMapper json, MessageSigner signer) {
        this.json = json;
        this.signer = signer;
    }

    public Message decode(List<byte[]> frames) throws MalformedMessageException {
        int delimiter = indexOfDelimiter(frames);
        if (delimiter < 0) {
            throw new MalformedMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        List<byte[]> identities = frames.subList(0, delimiter);
        if (frames.size() - delimiter - 1 < 5) {
            throw new MalformedMessageException("expected signature and four JSON frames after the delimiter, got "
                    + (frames.size() - delimiter - 1) + " frames");
        }
        byte[] signature = frames.get(delimiter + 1);
        List<byte[]> parts = frames.subList(delimiter + 2, delimiter + 6);
        if (!signer.verify(signature, parts)) {
            throw new MalformedMessageException(signature.length == 0 ? "missing signature" : "invalid signature");
        }
        if (signer.enabled() && !replays.firstSighting(new String(signature, StandardCharsets.US_ASCII))) {
            throw new MalformedMessageException("replayed signature");
        }
        ObjectNode header = object(parts.get(0), "header");
        Message partial = new Message(identities, header, json.createObjectNode(), json.createObjectNode(),
                json.createObjectNode(), List.of());
        for (String field : List.of("msg_id", "msg_type", "session")) {
            if (!header.path(field).isTextual() || header.path(field).asText().isEmpty()) {
                throw new MalformedMessageException("header field '" + field + "' is missing or not a string",
                        header.path("msg_id").isTextual() ? partial : null);
            }
        }
        try {
            return new Message(identities, header, object(parts.get(1), "parent_header"),
                    object(parts.get(2), "metadata"), object(parts.get(3), "content"),
                    new ArrayList<>(frames.subList(delimiter + 6, frames.size())));
        } catch (MalformedMessageException e) {
            throw new MalformedMessageException(e.getMessage(), partial);
        }
    }

    public List<byte[]> encode(Message message) {
        List<byte[]> parts = List.of(bytes(message.header()), bytes(message.parentHeader()),
                bytes(message.metadata()), bytes(message.content()));
        List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
        frames.addAll(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(parts).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(parts);
        frames.addAll(message.buffers());
        return frames;
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a message part", e);
        }
    }

    private ObjectNode object(byte[] frame, String name) throws MalformedMessageException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(name + " is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(name + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedMessageException(name + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static int indexOfDelimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                return i;
            }
        }
        return -1;
    }
}
