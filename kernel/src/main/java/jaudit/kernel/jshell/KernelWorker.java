package jaudit.kernel.jshell;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A kernel thread for work a cell asks for but does not do itself (resolving dependencies, writing
 * the kernel's own class files): started with the kernel, before any cell, so it inherits no cell's
 * audit context, and fed through a plain queue, so no pool captures the asking cell's context for
 * the task either. The kernel's downloads and writes are therefore not judged as the cell's; where
 * a cell asks for them, the kernel judges the request itself, before the work starts.
 */
public final class KernelWorker {
    private final BlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();

    /** Starts the worker's thread; construct it before any cell runs. */
    public KernelWorker(String name) {
        Thread thread = new Thread(this::serve, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (true) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                // An interrupted resolution cancels itself; the worker stays for the next one.
                Thread.interrupted();
            }
        }
    }

    /** Runs the work on the kernel thread and waits; an interrupt of the waiting cell cancels it. */
    public <T> T call(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        tasks.add(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
