package jaudit.kernel.client;

/** The kernel cannot answer any more: it died, or the client was closed. */
public final class KernelGoneException extends RuntimeException {
    public KernelGoneException(String message) {
        super(message);
    }
}
