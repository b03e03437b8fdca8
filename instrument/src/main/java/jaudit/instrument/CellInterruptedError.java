package jaudit.instrument;

/**
 * Thrown inside a running cell when the user interrupts it. An {@link Error}, so that cell code
 * catching {@code Exception} around its work does not swallow the interrupt.
 */
public final class CellInterruptedError extends Error {
    private static final long serialVersionUID = 1L;

    public CellInterruptedError() {
        super("Interrupted by the user");
    }
}
