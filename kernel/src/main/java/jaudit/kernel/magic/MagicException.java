package jaudit.kernel.magic;

/** A magic that cannot do what it was asked; the cell fails with {@code ename} and the message. */
public final class MagicException extends Exception {
    private final String ename;

    public MagicException(String ename, String message) {
        super(message);
        this.ename = ename;
    }

    public MagicException(String ename, String message, Throwable cause) {
        super(message, cause);
        this.ename = ename;
    }

    /** A usage error that shows how the magic is called. */
    public static MagicException usage(Magic magic, String problem) {
        return new MagicException("UsageError", problem + "; usage: " + magic.usage());
    }

    public String ename() {
        return ename;
    }
}
