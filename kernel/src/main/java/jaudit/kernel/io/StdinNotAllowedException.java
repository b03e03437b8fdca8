package jaudit.kernel.io;

/** Thrown to a cell that reads {@code System.in} when its request did not allow input. */
public final class StdinNotAllowedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StdinNotAllowedException() {
        super("This cell read System.in, but the client does not accept input requests "
                + "(execute_request allow_stdin is false)");
    }
}
