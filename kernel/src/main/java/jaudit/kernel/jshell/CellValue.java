package jaudit.kernel.jshell;

/**
 * Hands the value of a cell's last expression to the kernel. The evaluator ends a block of
 * statements with {@code CellValue.of(() -> expression)}, so the statements and the expression that
 * gives the cell its value compile as one statement snippet: JShell then neither infers the
 * expression's type in extra compiler passes nor keeps a {@code $N} variable for it. Cells need not
 * call it themselves.
 */
public final class CellValue {
    /** An expression with a value; may throw what the expression throws. */
    @FunctionalInterface
    public interface Value {
        Object get() throws Throwable;
    }

    /** An expression without one, such as a call of a void method. */
    @FunctionalInterface
    public interface Effect {
        void run() throws Throwable;
    }

    /**
     * The value kept, per thread (each shell's cell runs its blocks on its own thread), in a
     * one-element array, so that a null value is kept too. No nested type: cells compile against
     * this class alone.
     */
    private static final ThreadLocal<Object[]> KEPT = new ThreadLocal<>();

    private CellValue() {
    }

    /** Keeps the expression's value for the kernel. Java picks this overload for every expression that has one. */
    public static void of(Value expression) throws Throwable {
        KEPT.set(new Object[] {expression.get()});
    }

    /** Runs a void expression; the cell then has no value, as in jshell. */
    public static void of(Effect expression) throws Throwable {
        expression.run();
    }

    /** Forgets any kept value, before a block runs. */
    static void clear() {
        KEPT.remove();
    }

    static boolean present() {
        return KEPT.get() != null;
    }

    /** The kept value, forgotten as it is taken. */
    static Object take() {
        Object[] kept = KEPT.get();
        KEPT.remove();
        return kept == null ? null : kept[0];
    }
}
