package jaudit.kernel.audit;

/**
 * What one step of the gate decided about an event.
 *
 * @param allowed whether the event goes ahead
 * @param by who decided, as the audit log records it; null for the rules allowing it, which is not
 *     recorded (most events are)
 * @param disablesSite whether the native call's site stops raising for good (the host's on_call)
 */
record Verdict(boolean allowed, String by, boolean disablesSite) {
    static final Verdict WITHIN_RULES = new Verdict(true, null, false);

    static Verdict allowedBy(String by) {
        return new Verdict(true, by, false);
    }
}
