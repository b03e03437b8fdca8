package jaudit.instrument.boot;

/**
 * What a task takes from the thread that submitted it: the audit context it runs under and the
 * context class loader its code looks services and resources up with.
 */
public final class Submission {
    final Object context;
    final ClassLoader loader;

    Submission(Object context, ClassLoader loader) {
        this.context = context;
        this.loader = loader;
    }
}
