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
 * between evaluations. JShell replaces its pool whenever the class path grows, so the pool is looked
 * up each time. The kernel jar's manifest opens the packages involved; where they are not open (an
 * embedding) nothing is cleared and JShell behaves as it always has.
 *
 * @param factory JShell's task factory
 * @param pool the factory's field holding its pool of javac contexts
 * @param contexts the pool's idle contexts, by compiler options
 * @param argumentAttr {@code ArgumentAttr.instance(Context)}
 * @param argumentTypes {@code ArgumentAttr}'s cache
 */
record CompilerCaches(Object factory, Field pool, Field contexts, Method argumentAttr, Field argumentTypes) {
    /** The caches of {@code shell}'s compiler contexts, or null where the compiler's internals are closed. */
    static CompilerCaches of(JShell shell) {
        try {
            Field factoryField = JShell.class.getDeclaredField("taskFactory");
            factoryField.setAccessible(true);
            Object factory = factoryField.get(shell);
            Field poolField = factory.getClass().getDeclaredField("javacTaskPool");
            poolField.setAccessible(true);
            Class<?> poolClass = poolField.get(factory).getClass();
            Field contexts = poolClass.getDeclaredField("options2Contexts");
            contexts.setAccessible(true);
            ClassLoader compiler = poolClass.getClassLoader();
            Class<?> context = Class.forName("com.sun.tools.javac.util.Context", false, compiler);
            Class<?> attr = Class.forName("com.sun.tools.javac.comp.ArgumentAttr", false, compiler);
            Method instance = attr.getMethod("instance", context);
            Field cache = attr.getDeclaredField("argumentTypeCache");
            cache.setAccessible(true);
            return new CompilerCaches(factory, poolField, contexts, instance, cache);
        } catch (ReflectiveOperationException | RuntimeException closed) {
            Log.debug("javac's reused contexts keep their argument caches: " + closed);
            return null;
        }
    }

    /** Clears the argument caches of the contexts now idle in the pool (one in use is not in it). */
    void clear() {
        try {
            Object current = pool.get(factory);
            synchronized (current) {
                for (Object idle : ((Map<?, ?>) contexts.get(current)).values()) {
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
