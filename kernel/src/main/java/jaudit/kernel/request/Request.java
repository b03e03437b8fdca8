package jaudit.kernel.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;

/** A request being handled: typed access to its content, and the way back to its sender. */
public final class Request {
    private final Message message;
    private final Session session;
    private final RequestChannel origin;
    /** The queue whose shell serves it (the main shell's for what is answered at once); null on a serial channel. */
    private final ShellQueue queue;

    Request(Message message, Session session, RequestChannel origin, ShellQueue queue) {
        this.message = message;
        this.session = session;
        this.origin = origin;
        this.queue = queue;
    }

    public Message message() {
        return message;
    }

    public ObjectNode content() {
        return message.content();
    }

    public ObjectNode newContent() {
        return session.object();
    }

    /** Sends {@code <type>_reply} for this {@code <type>_request}. */
    public void reply(ObjectNode content) {
        origin.send(session.reply(message, replyType(message.type()), content));
    }

    /** Sends {@code <type>_reply} with reply metadata (what a program reads beside the content). */
    public void reply(ObjectNode content, ObjectNode metadata) {
        Message reply = session.reply(message, replyType(message.type()), content);
        reply.metadata().setAll(metadata);
        origin.send(reply);
    }

    /** Sends {@code <type>_reply} with status "error". */
    public void replyError(String ename, String evalue) {
        origin.replyError(message, ename, evalue);
    }

    static String replyType(String requestType) {
        return requestType.endsWith("_request")
                ? requestType.substring(0, requestType.length() - "_request".length()) + "_reply"
                : requestType + "_reply";
    }

    /**
     * Sends the reply of a failed cell and answers every execute_request that was already waiting on
     * its shell with status "aborted" (stop_on_error).
     */
    public void replyAbortingQueued(ObjectNode content, ObjectNode metadata) {
        origin.replyThenAbortQueued(queue, () -> reply(content, metadata));
    }

    public String text(String field) throws InvalidRequestException {
        JsonNode node = content().get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string");
        }
        return node.asText();
    }

    public String text(String field, String fallback) throws InvalidRequestException {
        JsonNode node = content().get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string");
        }
        return node.asText();
    }

    public boolean flag(String field, boolean fallback) throws InvalidRequestException {
        JsonNode node = content().get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new InvalidRequestException("'" + field + "' must be true or false");
        }
        return node.asBoolean();
    }

    public int integer(String field, int fallback, int min, int max) throws InvalidRequestException {
        JsonNode node = content().get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw new InvalidRequestException("'" + field + "' must be an integer from " + min + " to " + max);
        }
        return node.asInt();
    }

    public ObjectNode object(String field) throws InvalidRequestException {
        JsonNode node = content().get(field);
        if (node == null || node.isNull()) {
            return session.object();
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("'" + field + "' must be an object");
        }
        return (ObjectNode) node;
    }
}
