package jaudit.kernel.jshell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import jaudit.kernel.log.Log;
import jdk.jshell.JShell;

/**
 * Empties what javac leaves behind in the compiler contexts JShell reuses from snippet to snippet.
 * javac caches, per context, the types it worked out for each lambda or method reference passed as an
 * argument ({@code ArgumentAttr}'s cache), keyed by the trees of the compilation that made them; a
 * fresh context per compilation drops it, but a reused one keeps it for good, so every snippet with
 * such an argument (the kernel's own closing-expression call has one) pins its whole compilation
 * unit, with the symbols of every snippet it imported. After a long session that is most of the
 * heap. No later compilation can meet those trees again, so the entries are dead; this clears them
 * between evaluations. The kernel jar's manifest opens the packages involved; where they are not
 * open (an embedding) nothing is cleared and JShell behaves as it always has.
 *
 * @param pool JShell's pool of javac contexts
 * @param contexts the pool's idle contexts, by compiler options
 * @param argumentAttr {@code ArgumentAttr.instance(Context)}
 * @param argumentTypes {@code ArgumentAttr}'s cache
 */
record CompilerCaches(Object pool, Field contexts, Method argumentAttr, Field argumentTypes) {
    /** The caches of {@code shell}'s compiler contexts, or null where the compiler's internals are closed. */
    static CompilerCaches of(JShell shell) {
        try {
            Field factoryField = JShell.class.getDeclaredField("taskFactory");
            factoryField.setAccessible(true);
            Object factory = factoryField.get(shell);
            Field poolField = factory.getClass().getDeclaredField("javacTaskPool");
            poolField.setAccessible(true);
            Object pool = poolField.get(factory);
            Field contexts = pool.getClass().getDeclaredField("options2Contexts");
            contexts.setAccessible(true);
            ClassLoader compiler = pool.getClass().getClassLoader();
            Class<?> context = Class.forName("com.sun.tools.javac.util.Context", false, compiler);
            Class<?> attr = Class.forName("com.sun.tools.javac.comp.ArgumentAttr", false, compiler);
            Method instance = attr.getMethod("instance", context);
            Field cache = attr.getDeclaredField("argumentTypeCache");
            cache.setAccessible(true);
            return new CompilerCaches(pool, contexts, instance, cache);
        } catch (ReflectiveOperationException | RuntimeException closed) {
            Log.debug("javac's reused contexts keep their argument caches: " + closed);
            return null;
        }
    }

    /** Clears the argument caches of the contexts now idle in the pool (one in use is not in it). */
    void clear() {
        try {
            synchronized (pool) {
                for (Object idle : ((Map<?, ?>) contexts.get(pool)).values()) {
                    for (Object context : (Collection<?>) idle) {
                        ((Map<?, ?>) argumentTypes.get(argumentAttr.invoke(null, context))).clear();
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.debug("could not clear javac's argument caches: " + e);
        }
    }
}
