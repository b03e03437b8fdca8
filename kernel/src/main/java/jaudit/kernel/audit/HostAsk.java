package jaudit.kernel.audit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jaudit.policy.AuditContext;

/**
 * Asks the host's code whether a denial may go ahead (the policy's {@code "ask": "host"}): the
 * kernel sends the denial on the {@code jaudit.audit} comm and waits for the answer.
 */
@FunctionalInterface
public interface HostAsk {
    String ONCE = "once";
    String SESSION = "session";
    String DENY = "deny";
    /** What an answer decides: allow this event once, the same event for the kernel's session, or deny. */
    List<String> DECISIONS = List.of(ONCE, SESSION, DENY);

    /** Nobody listens: every question goes unanswered. */
    HostAsk NOBODY = (cell, event, args, where, message, timeout) -> Optional.empty();

    /**
     * @return {@code once}, {@code session} or {@code deny}; empty when no answer came within
     *     {@code timeout}, no host has the comm open, or the cell was interrupted
     */
    Optional<String> ask(AuditContext cell, String event, List<Object> args, String where, String message,
                         Duration timeout);
}
