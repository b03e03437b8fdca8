package jaudit.instrument.boot;

import java.util.WeakHashMap;

/**
 * The kernel's threads belong to the kernel: a cell may change its own threads (those started
 * under a cell's context, not yet started, or running a cell now) but not the heartbeat, the
 * channels, jeromq's I/O and reaper threads, the runner between cells or the JDK's own. A change to
 * one of those raises {@code thread.modify}, which no policy allows: a tidy-up loop over
 * {@code Thread.getAllStackTraces()} stops at the first kernel thread with an error naming it,
 * instead of leaving the kernel deaf.
 */
public final class ThreadHooks {
    private static final WeakHashMap<Thread, Boolean> STARTED_BY_CELLS = new WeakHashMap<>();

    private ThreadHooks() {
    }

    @Hook(owner = "java/lang/Thread", method = "start", descriptor = "()V", args = Hook.THIS)
    @Hook(owner = "java/lang/Thread", method = "start", descriptor = "(Ljdk/internal/vm/ThreadContainer;)V",
            args = Hook.THIS, since = 21)
    @Hook(owner = "java/lang/VirtualThread", method = "start", descriptor = "()V", args = Hook.THIS, since = 21)
    @Hook(owner = "java/lang/VirtualThread", method = "start", descriptor = "(Ljdk/internal/vm/ThreadContainer;)V",
            args = Hook.THIS, since = 21)
    public static void started(Thread thread) {
        if (Bridge.active && Bridge.CONTEXT.get() != null) {
            synchronized (STARTED_BY_CELLS) {
                STARTED_BY_CELLS.put(thread, Boolean.TRUE);
            }
        }
    }

    @Hook(owner = "java/lang/Thread", method = "interrupt", descriptor = "()V", args = Hook.THIS, constant = "interrupt")
    @Hook(owner = "java/lang/VirtualThread", method = "interrupt", descriptor = "()V", args = Hook.THIS,
            constant = "interrupt", since = 21)
    @Hook(owner = "java/lang/Thread", method = "stop", descriptor = "()V", args = Hook.THIS, constant = "stop")
    @Hook(owner = "java/lang/Thread", method = "suspend", descriptor = "()V", args = Hook.THIS, constant = "suspend",
            until = 22)
    @Hook(owner = "java/lang/Thread", method = "resume", descriptor = "()V", args = Hook.THIS, constant = "resume",
            until = 22)
    @Hook(owner = "java/lang/Thread", method = "setName", descriptor = "(Ljava/lang/String;)V", args = Hook.THIS,
            constant = "rename")
    @Hook(owner = "java/lang/Thread", method = "setPriority", descriptor = "(I)V", args = Hook.THIS,
            constant = "set priority")
    @Hook(owner = "java/lang/Thread", method = "setUncaughtExceptionHandler",
            descriptor = "(Ljava/lang/Thread$UncaughtExceptionHandler;)V", args = Hook.THIS,
            constant = "set uncaught-exception handler")
    @Hook(owner = "java/lang/Thread", method = "setContextClassLoader", descriptor = "(Ljava/lang/ClassLoader;)V",
            args = Hook.THIS, constant = "set context class loader")
    public static void change(Thread thread, String action) {
        if (Bridge.active && Bridge.CONTEXT.get() != null && thread != Thread.currentThread() && thread.isAlive()
                && !startedByCell(thread) && !Bridge.inContext(thread)) {
            EventRaiser.raise("thread.modify", thread.getName(), action);
        }
    }

    private static boolean startedByCell(Thread thread) {
        synchronized (STARTED_BY_CELLS) {
            return STARTED_BY_CELLS.containsKey(thread);
        }
    }
}
