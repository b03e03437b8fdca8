package jaudit.policy;

/** A policy that cannot be used as written: unknown key, wrong type, bad root. Names the key. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
