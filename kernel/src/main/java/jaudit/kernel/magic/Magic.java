package jaudit.kernel.magic;

import jaudit.kernel.jshell.CellResult;

/**
 * A magic command. A line magic is a line {@code %name args} anywhere in a cell where a statement
 * could begin (after comments, between statements); a cell magic is {@code %%name args} on a cell's
 * first line and owns the rest of the cell. Magics run in order with the cell's Java, inside the
 * cell's audit context. Adding one is this class and one entry in the kernel's {@link MagicRegistry}.
 */
public interface Magic {
    /** The name without the percent signs, for example {@code maven}. */
    String name();

    /** How to call it, one line, for {@code %lsmagic} and usage errors: {@code %maven GROUP:ARTIFACT:VERSION...}. */
    String usage();

    /** Whether {@code %name} on a line is this magic. */
    default boolean isLine() {
        return true;
    }

    /** Whether {@code %%name} on the cell's first line is this magic. */
    default boolean isCell() {
        return false;
    }

    /**
     * Runs the magic; its result becomes the cell's value when it is the cell's last part.
     *
     * @throws MagicException for bad arguments or work that failed, with a message for the notebook
     */
    CellResult run(MagicCall call, CellScope cell) throws MagicException;
}
