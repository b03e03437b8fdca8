package jaudit.instrument.boot;

import java.lang.invoke.MethodHandle;
import java.util.WeakHashMap;

/**
 * A task runs under the context of the thread that submitted it: pool threads are shared and
 * outlive the cell, so what they inherited says nothing about the task.
 */
public final class TaskContexts {
    private static final WeakHashMap<Object, Object> CONTEXTS = new WeakHashMap<>();
    /** ForkJoinTask.exec() is protected: the agent hands over a handle to it before hooking doExec. */
    private static MethodHandle forkJoinExec;

    private TaskContexts() {
    }

    /**
     * Records the submitting thread's context for a task handed to a pool, a timer or a fork/join
     * queue. Keyed weakly by the task itself, so the pools keep their own task objects (remove,
     * shutdownNow and casts to Future behave as without the guard).
     */
    @Hook(owner = "java/util/concurrent/ThreadPoolExecutor", method = "execute", descriptor = "(Ljava/lang/Runnable;)V",
            args = 0)
    @Hook(owner = "java/util/concurrent/ScheduledThreadPoolExecutor", method = "delayedExecute",
            descriptor = "(Ljava/util/concurrent/RunnableScheduledFuture;)V", args = 0)
    @Hook(owner = "java/util/concurrent/ForkJoinTask", method = "fork", descriptor = "()Ljava/util/concurrent/ForkJoinTask;",
            args = Hook.THIS)
    @Hook(owner = "java/util/concurrent/ForkJoinPool", method = "externalPush",
            descriptor = "(Ljava/util/concurrent/ForkJoinTask;)V", args = 0, until = 20)
    @Hook(owner = "java/util/concurrent/ForkJoinPool", method = "poolSubmit",
            descriptor = "(ZLjava/util/concurrent/ForkJoinTask;*", args = 1, since = 21)
    @Hook(owner = "java/util/concurrent/ForkJoinPool", method = "scheduleDelayedTask",
            descriptor = "(Ljava/util/concurrent/DelayScheduler$ScheduledForkJoinTask;*", args = 0, since = 25)
    @Hook(owner = "java/util/Timer", method = "sched", descriptor = "(Ljava/util/TimerTask;JJ)V", args = 0)
    public static void capture(Object task) {
        if (!Bridge.active || task == null) {
            return;
        }
        Object context = Bridge.CONTEXT.get();
        if (context != null) {
            synchronized (CONTEXTS) {
                CONTEXTS.put(task, context);
            }
        }
    }

    private static Object contextOf(Object task) {
        synchronized (CONTEXTS) {
            return CONTEXTS.get(task);
        }
    }

    /** Replaces {@code task.run()} where pool workers and the timer thread run a task. */
    @Rewrite(owner = "java/util/concurrent/ThreadPoolExecutor", method = "runWorker", callOwner = "java/lang/Runnable",
            callName = "run", callDescriptor = "()V")
    @Rewrite(owner = "java/util/TimerThread", method = "mainLoop", callOwner = "java/util/TimerTask", callName = "run",
            callDescriptor = "()V")
    public static void runTask(Runnable task) {
        Object context = Bridge.active ? contextOf(task) : null;
        if (context == null) {
            task.run();
            return;
        }
        Object previous = Bridge.CONTEXT.get();
        Bridge.CONTEXT.set(context);
        try {
            task.run();
        } finally {
            Bridge.restore(previous);
        }
    }

    /** Replaces {@code exec()} in {@code ForkJoinTask.doExec}, which every fork/join task runs through. */
    @Rewrite(owner = "java/util/concurrent/ForkJoinTask", method = "doExec", callOwner = "java/util/concurrent/ForkJoinTask",
            callName = "exec", callDescriptor = "()Z")
    public static boolean execTask(Object task) throws Throwable {
        Object context = Bridge.active ? contextOf(task) : null;
        if (context == null) {
            return (boolean) forkJoinExec.invokeExact(task);
        }
        Object previous = Bridge.CONTEXT.get();
        Bridge.CONTEXT.set(context);
        try {
            return (boolean) forkJoinExec.invokeExact(task);
        } finally {
            Bridge.restore(previous);
        }
    }
}
