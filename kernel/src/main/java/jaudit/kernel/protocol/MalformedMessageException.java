package jaudit.kernel.protocol;

/**
 * A frame sequence that is not a valid Jupyter message. When the header could be read, it is kept
 * so that the request can still be answered with an error reply.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Message partial;

    public MalformedMessageException(String reason) {
        this(reason, null);
    }

    public MalformedMessageException(String reason, Message partial) {
        super(reason);
        this.partial = partial;
    }

    /** The message as far as it could be read (identities and header), or null. */
    public Message partial() {
        return partial;
    }
}
