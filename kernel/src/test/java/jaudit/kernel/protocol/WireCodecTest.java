package jaudit.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private final ObjectMapper json = new ObjectMapper();
    private final MessageSigner signer = new MessageSigner("hmac-sha256", "secret-key");
    private final WireCodec codec = new WireCodec(json, signer);
    private final Session session = new Session(json);

    private Message request(String type) {
        ObjectNode header = json.createObjectNode();
        header.put("msg_id", "id-" + System.nanoTime());
        header.put("msg_type", type);
        header.put("session", "client");
        header.put("username", "me");
        header.put("version", "5.4");
        ObjectNode content = json.createObjectNode();
        content.put("code", "1 + 1");
        return new Message(List.of("client-id".getBytes(StandardCharsets.UTF_8)), header, json.createObjectNode(),
                json.createObjectNode(), content, List.of());
    }

    private static List<byte[]> frames(String... parts) {
        List<byte[]> frames = new ArrayList<>();
        for (String p : parts) {
            frames.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return frames;
    }

    @Test
    void aSignedMessageRoundTrips() throws Exception {
        Message sent = request("execute_request");
        Message received = codec.decode(codec.encode(sent));
        assertEquals("execute_request", received.type());
        assertEquals("1 + 1", received.content().get("code").asText());
        assertArrayEquals("client-id".getBytes(StandardCharsets.UTF_8), received.identities().get(0));
    }

    @Test
    void theSignatureIsHmacSha256OfTheFourJsonFramesInHex() {
        List<byte[]> encoded = codec.encode(request("kernel_info_request"));
        String signature = new String(encoded.get(2), StandardCharsets.US_ASCII);
        assertTrue(signature.matches("[0-9a-f]{64}"), signature);
        assertEquals(signature, signer.sign(encoded.subList(3, 7)));
    }

    @Test
    void aTamperedContentFrameIsRefused() {
        List<byte[]> encoded = new ArrayList<>(codec.encode(request("execute_request")));
        encoded.set(6, "{\"code\": \"System.exit(0)\"}".getBytes(StandardCharsets.UTF_8));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(encoded));
        assertEquals("invalid signature", e.getMessage());
        assertNull(e.partial(), "an unverified message must never be answered");
    }

    @Test
    void aMissingSignatureIsRefused() {
        List<byte[]> encoded = new ArrayList<>(codec.encode(request("execute_request")));
        encoded.set(2, new byte[0]);
        assertEquals("missing signature",
                assertThrows(MalformedMessageException.class, () -> codec.decode(encoded)).getMessage());
    }

    @Test
    void aReplayedMessageIsRefused() throws Exception {
        List<byte[]> encoded = codec.encode(request("execute_request"));
        codec.decode(encoded);
        assertEquals("replayed signature",
                assertThrows(MalformedMessageException.class, () -> codec.decode(encoded)).getMessage());
    }

    @Test
    void framesWithoutTheDelimiterAreRefused() {
        assertTrue(assertThrows(MalformedMessageException.class, () -> codec.decode(frames("a", "b", "c")))
                .getMessage().contains("delimiter"));
    }

    @Test
    void tooFewFramesAfterTheDelimiterAreRefused() {
        assertTrue(assertThrows(MalformedMessageException.class,
                () -> codec.decode(frames("<IDS|MSG>", "sig", "{}"))).getMessage().contains("four JSON frames"));
    }

    @Test
    void invalidUtf8AndInvalidJsonAndNonObjectsAreRefusedWithTheirReason() {
        WireCodec unsigned = new WireCodec(json, new MessageSigner("hmac-sha256", ""));
        List<byte[]> badUtf8 = frames("<IDS|MSG>", "", "{}", "{}", "{}", "{}");
        badUtf8.set(2, new byte[] {(byte) 0xff, (byte) 0xfe});
        assertTrue(assertThrows(MalformedMessageException.class, () -> unsigned.decode(badUtf8))
                .getMessage().contains("UTF-8"));
        assertTrue(assertThrows(MalformedMessageException.class,
                () -> unsigned.decode(frames("<IDS|MSG>", "", "{not json", "{}", "{}", "{}")))
                .getMessage().contains("not valid JSON"));
        assertTrue(assertThrows(MalformedMessageException.class,
                () -> unsigned.decode(frames("<IDS|MSG>", "", "[1, 2]", "{}", "{}", "{}")))
                .getMessage().contains("not a JSON object"));
    }

    @Test
    void aHeaderWithoutMsgTypeIsRefusedButKeepsWhatCanBeAnswered() {
        WireCodec unsigned = new WireCodec(json, new MessageSigner("hmac-sha256", ""));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> unsigned.decode(
                frames("<IDS|MSG>", "", "{\"msg_id\": \"x\", \"session\": \"s\"}", "{}", "{}", "{}")));
        assertTrue(e.getMessage().contains("msg_type"));
        assertNotNull(e.partial());
    }

    @Test
    void repliesPointAtTheirRequestAndCarryProtocolFields() throws Exception {
        Message request = codec.decode(codec.encode(request("kernel_info_request")));
        Message reply = session.reply(request, "kernel_info_reply", json.createObjectNode());
        assertEquals(request.id(), reply.parentHeader().get("msg_id").asText());
        assertEquals(Session.PROTOCOL_VERSION, reply.header().get("version").asText());
        assertTrue(reply.header().get("date").asText().endsWith("Z"));
        assertArrayEquals(request.identities().get(0), reply.identities().get(0));
    }
}
