package jaudit.kernel.request;

/** A request whose content breaks the message schema; answered with an error reply. */
public final class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
