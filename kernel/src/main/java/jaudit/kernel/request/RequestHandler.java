package jaudit.kernel.request;

/** Handles one message type on the shell or control channel. */
@FunctionalInterface
public interface RequestHandler {
    void handle(Request request) throws Exception;
}
