package jaudit.instrument.boot;

import java.util.WeakHashMap;
import java.util.function.BiConsumer;

/**
 * The bridge between the kernel and the hooks: the audit context of each thread (the guarded
 * context) and the handler that judges events raised under it. The agent defines a copy of this
 * class, and of every class in this package, inside {@code java.base} ({@code java.lang.JauditBridge},
 * {@code java.lang.JauditFileHooks}, ...), so JDK code can reach it without the bootstrap class
 * path (which would switch off class-data sharing for every other class). The classes use JDK
 * types only and know nothing of policies. The state is private to this package, and changing it
 * takes the key that only the kernel holds; reflection into it is itself an audited event.
 */
public final class Bridge {
    static final InheritableThreadLocal<Object> CONTEXT = new InheritableThreadLocal<>();
    /** False until the first audited cell runs: the first read of every hook. */
    static volatile boolean active;
    /** False until a policy that limits reads is entered: reads raise nothing before then. */
    static volatile boolean readsAudited;
    /** The context most recently entered, for fork/join workers running work the hooks did not see. */
    static volatile Object lastEntered;
    static BiConsumer<Object, Object[]> handler;
    /** Threads now running under a context (a cell's thread while the cell runs): theirs to manage. */
    private static final WeakHashMap<Thread, Boolean> ENTERED = new WeakHashMap<>();
    private static Object key;

    private Bridge() {
    }

    /**
     * Installs the handler once; returns the key that {@link #enter} and {@link #leave} require. The
     * handler receives the thread's context and the event: its name followed by its arguments; it
     * throws to deny.
     */
    public static synchronized Object install(BiConsumer<Object, Object[]> auditHandler) {
        if (handler != null) {
            EventRaiser.raise("audit.config", "install a second handler");
            throw new IllegalStateException("the audit handler is already installed");
        }
        handler = auditHandler;
        key = new Object();
        return key;
    }

    /**
     * Makes {@code context} the calling thread's context (and that of threads it starts) and returns
     * what {@link #leave} needs to restore the previous one exactly.
     */
    public static Object enter(Object callerKey, Object context) {
        if (callerKey == null || callerKey != key) {
            EventRaiser.raise("audit.config", "enter a policy");
            throw new SecurityException("entering an audit context needs the kernel's key");
        }
        Object previous = CONTEXT.get();
        CONTEXT.set(context);
        lastEntered = context;
        active = true;
        entered(context != null);
        return new Object[] {previous};
    }

    /**
     * The calling thread's context (entered, inherited from the thread that started it, or carried by
     * the task it runs), or null: for the kernel, which sends a thread's output to the request whose
     * cell started it.
     */
    public static Object current(Object callerKey) {
        if (callerKey == null || callerKey != key) {
            EventRaiser.raise("audit.config", "read the audit context");
            throw new SecurityException("reading the audit context needs the kernel's key");
        }
        return CONTEXT.get();
    }

    public static void leave(Object callerKey, Object token) {
        if (callerKey == null || callerKey != key || !(token instanceof Object[] saved) || saved.length != 1) {
            EventRaiser.raise("audit.config", "leave a policy");
            throw new SecurityException("leaving an audit context needs the kernel's key");
        }
        restore(saved[0]);
        entered(saved[0] != null);
    }

    private static void entered(boolean inside) {
        synchronized (ENTERED) {
            if (inside) {
                ENTERED.put(Thread.currentThread(), Boolean.TRUE);
            } else {
                ENTERED.remove(Thread.currentThread());
            }
        }
    }

    /** Whether {@code thread} is now running under a context the kernel entered. */
    static boolean inContext(Thread thread) {
        synchronized (ENTERED) {
            return ENTERED.containsKey(thread);
        }
    }

    /** From now on reads and listings raise {@code file.read} (a policy with {@code read_roots} is in use). */
    public static void auditReads(Object callerKey) {
        if (callerKey == null || callerKey != key) {
            EventRaiser.raise("audit.config", "audit reads");
            throw new SecurityException("auditing reads needs the kernel's key");
        }
        readsAudited = true;
    }

    static void restore(Object previous) {
        if (previous == null) {
            CONTEXT.remove();
        } else {
            CONTEXT.set(previous);
        }
    }
}
