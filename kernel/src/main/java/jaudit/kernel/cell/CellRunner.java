package jaudit.kernel.cell;

import jaudit.kernel.log.Log;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jaudit.instrument.Checkpoint;

/**
 * Runs cells on the one cell thread and stops them on request. A stop raises the flag that the
 * checkpoints woven into cell code test, and interrupts the thread for code blocked in sleep, wait
 * or I/O. On JDKs before 20, where {@code Thread.stop} still works, a cell that ignores both (a loop
 * inside library code) is stopped that way after a grace period.
 */
public final class CellRunner {
    private static final long STACK_BYTES = 16L * 1024 * 1024;
    private static final long FORCE_STOP_AFTER_MILLIS = 1500;

    /** A finished task's value, and whether the user interrupted it. */
    public record Outcome<T>(T value, boolean interrupted) {
    }

    private final Checkpoint.StopSwitch stopSwitch = Checkpoint.claimSwitch();
    private final ExecutorService cellThread = Executors.newSingleThreadExecutor(
            r -> new Thread(null, r, "jaudit-cell", STACK_BYTES));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaudit-interrupt");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread running;
    private volatile boolean active;
    private volatile java.util.function.BooleanSupplier forceStoppable = () -> true;
    /** Orders a cell's hand-over and end against interrupts, so a late interrupt never reaches the next cell. */
    private final Object lock = new Object();
    private volatile boolean interrupted;
    private volatile long generation;

    /** Runs the task on the cell thread and waits for it, however long it takes. */
    public <T> Outcome<T> run(Callable<T> task) throws ExecutionException {
        CompletableFuture<Outcome<T>> done = new CompletableFuture<>();
        // A cell counts as running from its hand-over: an interrupt before the thread picks it up stops it too.
        synchronized (lock) {
            stopSwitch.clear();
            interrupted = false;
            generation++;
            active = true;
        }
        cellThread.execute(() -> {
            synchronized (lock) {
                running = Thread.currentThread();
                if (stopSwitch.isStopRequested()) {
                    Thread.currentThread().interrupt();
                }
            }
            Outcome<T> outcome = null;
            Throwable failure = null;
            try {
                outcome = new Outcome<>(task.call(), interrupted);
            } catch (Throwable t) {
                failure = t;
            } finally {
                synchronized (lock) {
                    active = false;
                    running = null;
                    stopSwitch.clear();
                    Thread.interrupted();
                }
            }
            // Only once this cell no longer counts as running may the next one be handed over: else
            // its end could land after the next hand-over and drop an interrupt meant for that cell.
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(outcome);
            }
        });
        boolean wasInterrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    wasInterrupted = true;
                }
            }
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the running cell, if any; returns whether one was running. */
    public boolean interrupt() {
        synchronized (lock) {
            if (!active) {
                return false;
            }
            interrupted = true;
            stopSwitch.requestStop();
            Thread target = running;
            if (target != null) {
                target.interrupt();
                long stopping = generation;
                if (Runtime.version().feature() < 20) {
                    watchdog.schedule(() -> forceStop(target, stopping), FORCE_STOP_AFTER_MILLIS,
                            TimeUnit.MILLISECONDS);
                }
            }
            return true;
        }
    }

    /** True while a stop of the current cell is pending; input waits poll this. */
    public boolean stopRequested() {
        return stopSwitch.isStopRequested();
    }

    /**
     * Limits the forced stop to moments the test allows: a thread stopped inside JShell's compiler
     * would leave JShell's state half-updated, so the stop waits until the cell's own code runs.
     */
    public void forceStopOnlyWhile(java.util.function.BooleanSupplier test) {
        forceStoppable = test;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void forceStop(Thread target, long stopping) {
        if (running != target || generation != stopping) {
            return;
        }
        if (!forceStoppable.getAsBoolean()) {
            watchdog.schedule(() -> forceStop(target, stopping), 100, TimeUnit.MILLISECONDS);
            return;
        }
        Log.warn("the cell ignored the interrupt; stopping its thread");
        target.stop();
    }
}
