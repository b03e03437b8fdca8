package jaudit.instrument.boot;

import java.util.Iterator;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Hands an event to the kernel's handler under the calling thread's context, and tells from the
 * stack whose code asked for it. Every hook adapter raises through here.
 */
public final class EventRaiser implements Function<Stream<StackWalker.StackFrame>, Class<?>> {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final ThreadLocal<Boolean> IN_HOOK = new ThreadLocal<>();

    /**
     * Raises {@code event}, whose name must be a literal in the vocabulary (a test reads every call).
     * Events raised while the handler runs are the handler's own doing and pass.
     */
    static void raise(String event, Object... args) {
        if (!Bridge.active) {
            return;
        }
        Object context = Bridge.CONTEXT.get();
        if (context == null && Thread.currentThread() instanceof ForkJoinWorkerThread) {
            // Every fork/join task a cell submits or forks carries its context (see TaskContexts); a
            // worker running anything else, on a path the hooks do not see, falls back to the policy
            // most recently entered rather than to none. The kernel itself never uses fork/join.
            context = Bridge.lastEntered;
        }
        if (context == null || IN_HOOK.get() != null) {
            return;
        }
        IN_HOOK.set(Boolean.TRUE);
        try {
            Object[] raised = new Object[args.length + 1];
            raised[0] = event;
            System.arraycopy(args, 0, raised, 1, args.length);
            Bridge.handler.accept(context, raised);
        } finally {
            IN_HOOK.remove();
        }
    }

    /** The first class on the stack outside these classes, java.lang.reflect and the class named {@code hooked}. */
    static Class<?> callerOfNamed(String hooked) {
        return WALKER.walk(new EventRaiser(null, hooked));
    }

    /** The first class on the stack outside these classes, java.lang.reflect and {@code hooked} or its supertypes. */
    static Class<?> callerOf(Class<?> hooked) {
        return WALKER.walk(new EventRaiser(hooked, null));
    }

    /**
     * Whether the code that called the hooked method is the JDK's own (LogManager registering its
     * shutdown hook, ImageIO setting a font property, the lambda metafactory opening a kernel
     * method): that is not the cell's doing. Reflection and method-handle frames are skipped, so a
     * cell calling through them is still seen.
     */
    static boolean calledFromJdk(Class<?> hooked) {
        return isJdk(callerOf(hooked));
    }

    /** Classes of the boot and platform loaders are the JDK's (a null class: nothing outside it). */
    static boolean isJdk(Class<?> c) {
        return c == null || c.getClassLoader() == null || c.getClassLoader() == ClassLoader.getPlatformClassLoader();
    }

    // An instance is only a stack-walk function: these classes may not use lambdas or classes of
    // their own beyond this package, since they are defined alone inside java.base.
    private final Class<?> hooked;
    private final String hookedName;

    private EventRaiser(Class<?> hooked, String hookedName) {
        this.hooked = hooked;
        this.hookedName = hookedName;
    }

    @Override
    public Class<?> apply(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        while (it.hasNext()) {
            Class<?> c = it.next().getDeclaringClass();
            if (c.getPackageName().equals(EventRaiser.class.getPackageName()) && c.getSimpleName().startsWith(PREFIX)) {
                continue;
            }
            if ((hooked == null || !c.isAssignableFrom(hooked)) && !c.getName().equals(hookedName)
                    && !c.getPackageName().equals("java.lang.reflect")) {
                return c;
            }
        }
        return null;
    }

    /** What the simple names of these classes start with inside java.base (none outside it). */
    private static final String PREFIX = EventRaiser.class.getSimpleName().startsWith("Jaudit") ? "Jaudit" : "";
}
