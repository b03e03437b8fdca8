package jaudit.instrument.boot;

import java.lang.invoke.MethodHandle;
import java.util.WeakHashMap;

/**
 * A task runs under the context of the thread that submitted it: pool threads are shared and
 * outlive the cell, so what they inherited says nothing about the task. The same holds for the work
 * the JDK does on its own threads for a cell: a finalizer or a {@code Cleaner} action runs under the
 * context of the code that made the object or registered the action, an image fetch under that of
 * the code that asked for the image, however long after its cell ended. A fork/join task also runs
 * with its submitter's context class loader: the JDK gives every fork/join worker the system class
 * loader, which in a plain JVM sees the application's jars, but here sees none of the jars cells
 * added, so a parallel stream or an async step would miss their JDBC drivers and service providers.
 */
public final class TaskContexts {
    private static final WeakHashMap<Object, Submission> SUBMISSIONS = new WeakHashMap<>();
    /** ForkJoinTask.exec() is protected: the agent hands over a handle to it before hooking doExec. */
    private static MethodHandle forkJoinExec;

    private TaskContexts() {
    }

    /**
     * Records the submitting thread's context for a task handed to a pool, a timer, a fork/join
     * queue, the cleaner or the image fetcher, or for an object with a finalizer as it is made. Keyed
     * weakly by the task itself, so the pools keep their own task objects (remove, shutdownNow and
     * casts to Future behave as without the guard). A finalizer is keyed by its {@code Finalizer}
     * reference, which the JDK holds until it runs; the object itself is unreachable by then.
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
    @Hook(owner = "java/lang/ref/Finalizer", method = "<init>", descriptor = "(Ljava/lang/Object;)V", args = Hook.THIS)
    @Hook(owner = "java/lang/ref/Cleaner", method = "register",
            descriptor = "(Ljava/lang/Object;Ljava/lang/Runnable;)Ljava/lang/ref/Cleaner$Cleanable;", args = 1)
    @Hook(owner = "sun/awt/image/ImageFetcher", method = "add", descriptor = "(Lsun/awt/image/ImageFetchable;)Z", args = 0)
    public static void capture(Object task) {
        if (!Bridge.active || task == null) {
            return;
        }
        Object context = Bridge.CONTEXT.get();
        if (context != null) {
            Submission submission = new Submission(context, Thread.currentThread().getContextClassLoader());
            synchronized (SUBMISSIONS) {
                SUBMISSIONS.put(task, submission);
            }
        }
    }

    private static Submission submissionOf(Object task) {
        synchronized (SUBMISSIONS) {
            return SUBMISSIONS.get(task);
        }
    }

    /**
     * The JDK's finalizer and image-fetcher threads run nothing but finalizers and image fetches, so
     * each one sets the thread's context for as long as it runs: that of the cell that caused it, or
     * none.
     */
    @Hook(owner = "java/lang/ref/Finalizer", method = "runFinalizer", descriptor = "(Ljdk/internal/access/JavaLangAccess;)V",
            args = Hook.THIS)
    @Hook(owner = "sun/awt/image/InputStreamImageSource", method = "doFetch", descriptor = "()V", args = Hook.THIS)
    public static void handOver(Object work) {
        if (Bridge.active) {
            Submission submission = submissionOf(work);
            Bridge.restore(submission == null ? null : submission.context);
        }
    }

    /** Replaces {@code task.run()} where pool workers, the timer thread and the cleaner run a task. */
    @Rewrite(owner = "java/util/concurrent/ThreadPoolExecutor", method = "runWorker", callOwner = "java/lang/Runnable",
            callName = "run", callDescriptor = "()V")
    @Rewrite(owner = "jdk/internal/ref/CleanerImpl$PhantomCleanableRef", method = "performCleanup",
            callOwner = "java/lang/Runnable", callName = "run", callDescriptor = "()V")
    @Rewrite(owner = "java/util/TimerThread", method = "mainLoop", callOwner = "java/util/TimerTask", callName = "run",
            callDescriptor = "()V")
    public static void runTask(Runnable task) {
        Submission submission = Bridge.active ? submissionOf(task) : null;
        if (submission == null) {
            task.run();
            return;
        }
        Object previous = Bridge.CONTEXT.get();
        Bridge.CONTEXT.set(submission.context);
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
        Submission submission = Bridge.active ? submissionOf(task) : null;
        if (submission == null) {
            return (boolean) forkJoinExec.invokeExact(task);
        }
        Thread worker = Thread.currentThread();
        Object previous = Bridge.CONTEXT.get();
        ClassLoader previousLoader = worker.getContextClassLoader();
        Bridge.CONTEXT.set(submission.context);
        if (submission.loader != previousLoader) {
            worker.setContextClassLoader(submission.loader);
        }
        try {
            return (boolean) forkJoinExec.invokeExact(task);
        } finally {
            if (submission.loader != previousLoader) {
                worker.setContextClassLoader(previousLoader);
            }
            Bridge.restore(previous);
        }
    }
}
