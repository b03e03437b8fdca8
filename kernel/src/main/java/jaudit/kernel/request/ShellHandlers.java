package jaudit.kernel.request;

import java.util.Map;

/**
 * What one shell serves: its handlers by message type, and what to release once the shell is
 * deleted and its last request answered.
 */
public record ShellHandlers(Map<String, RequestHandler> handlers, Runnable close) {
    public ShellHandlers {
        handlers = Map.copyOf(handlers);
    }
}
