package jaudit.policy;

/**
 * Thrown by the audit handler to the native-call check when an {@link OnCall} callback disables a
 * call site: the check stops guarding that site and lets the call proceed. Not an
 * error: it never reaches cell code.
 */
public final class CallSiteDisabled extends RuntimeException {
    public CallSiteDisabled() {
        super("native call site no longer monitored", null, false, false);
    }
}
