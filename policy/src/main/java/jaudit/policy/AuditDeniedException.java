package jaudit.policy;

import java.util.List;

/**
 * Thrown where an audited cell attempts something its policy does not allow. The message says what
 * was blocked, with which arguments, where in the cell, and which policy key would allow it.
 */
public final class AuditDeniedException extends SecurityException {
    private static final long serialVersionUID = 1L;
    private final String event;
    private final transient List<Object> args;

    public AuditDeniedException(String event, List<Object> args, String message) {
        super(message);
        this.event = event;
        this.args = args;
    }

    public String event() {
        return event;
    }

    public List<Object> args() {
        return args;
    }
}
