package jaudit.kernel.cell;

import jaudit.kernel.log.Log;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jaudit.policy.AuditContext;
import jaudit.instrument.Checkpoint;

/**
 * Runs cells, each shell's on its own cell thread (a {@link Lane}), and stops them on request. An
 * interrupt is the kernel's, not a shell's (JEP 91): it stops the cell running on every lane. A stop
 * raises the flag that the checkpoints woven into cell code test, for the threads of the shells whose
 * cell is being stopped (a thread's shell is its cell's, which its audit context tells), and interrupts
 * the threads for code blocked in sleep, wait or I/O. A cell another shell starts while an earlier one
 * is still being stopped runs on. On JDKs before 20, where {@code Thread.stop} still works, a cell
 * that ignores both (a loop inside library code) is stopped that way after a grace period.
 */
public final class CellRunner {
    private static final long STACK_BYTES = 16L * 1024 * 1024;
    private static final long FORCE_STOP_AFTER_MILLIS = 1500;

    /** A finished task's value, and whether the user interrupted it. */
    public record Outcome<T>(T value, boolean interrupted) {
    }

    private final Checkpoint.StopSwitch stopSwitch = Checkpoint.claimSwitch();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaudit-interrupt");
        t.setDaemon(true);
        return t;
    });
    /** Orders hand-overs and ends against interrupts, so a late interrupt never reaches the next cell. */
    private final Object lock = new Object();
    /** The lanes whose cell has been handed over and has not ended. */
    private final Set<Lane> busy = new HashSet<>();
    private volatile Predicate<Thread> forceStoppable = thread -> true;
    /** The shells (subshell ids; null for the main shell) whose cell is being stopped. */
    private volatile Set<String> stopping = Collections.emptySet();
    private volatile Supplier<Optional<AuditContext>> contexts = Optional::empty;

    public CellRunner() {
        stopSwitch.stopOnly(this::stopsHere);
    }

    /**
     * A cell thread of its own, for one shell.
     *
     * @param subshell the subshell's id, null for the main shell
     * @param name the thread's name
     */
    public Lane lane(String subshell, String name) {
        return new Lane(subshell, name);
    }

    /** Where the calling thread's audit context comes from: set once the kernel has its audit scope. */
    public void followContexts(Supplier<Optional<AuditContext>> current) {
        contexts = current;
    }

    /** Whether a requested stop is meant for the calling thread: a thread of no cell's stops with any. */
    private boolean stopsHere() {
        Optional<AuditContext> context = contexts.get();
        return context.isEmpty() || stopping.contains(context.get().shell());
    }

    /** Stops the cells running on every lane; returns whether one was running. */
    public boolean interrupt() {
        synchronized (lock) {
            if (busy.isEmpty()) {
                return false;
            }
            busy.forEach(Lane::stopLocked);
            settleSwitchLocked();
            return true;
        }
    }

    /** True while a stop is pending for the calling thread's cell; input waits poll this. */
    public boolean stopRequestedHere() {
        return stopSwitch.isStopRequested() && stopsHere();
    }

    /**
     * Limits the forced stop to moments the test allows for the thread: a thread stopped inside
     * JShell's compiler would leave JShell's state half-updated, so the stop waits until the cell's
     * own code runs.
     */
    public void forceStopOnlyWhile(Predicate<Thread> test) {
        forceStoppable = test;
    }

    /** Called with the lock held whenever a lane starts, ends or is stopped: the flag is up while an interrupted cell runs. */
    private void settleSwitchLocked() {
        Set<String> shells = new HashSet<>();
        busy.stream().filter(lane -> lane.interrupted).forEach(lane -> shells.add(lane.subshell));
        stopping = Collections.unmodifiableSet(shells);
        if (shells.isEmpty()) {
            stopSwitch.clear();
        } else {
            stopSwitch.requestStop();
        }
    }

    /** One shell's cell thread: its cells run one after another. */
    public final class Lane {
        private final String subshell;
        private final ExecutorService cellThread;
        private Thread running;
        private boolean interrupted;
        private long generation;

        private Lane(String subshell, String name) {
            this.subshell = subshell;
            // Not a daemon, as a plain JVM's main thread is not: the threads a cell starts inherit that.
            cellThread = Executors.newSingleThreadExecutor(r -> new Thread(null, r, name, STACK_BYTES));
        }

        /** Runs the task on this lane's thread and waits for it, however long it takes. */
        public <T> Outcome<T> run(Callable<T> task) throws ExecutionException {
            CompletableFuture<Outcome<T>> done = new CompletableFuture<>();
            // A cell counts as running from its hand-over: an interrupt before the thread picks it up stops it too.
            synchronized (lock) {
                interrupted = false;
                generation++;
                busy.add(this);
                settleSwitchLocked();
            }
            cellThread.execute(() -> {
                synchronized (lock) {
                    running = Thread.currentThread();
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                Outcome<T> outcome = null;
                Throwable failure = null;
                try {
                    T value = task.call();
                    synchronized (lock) {
                        outcome = new Outcome<>(value, interrupted);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    synchronized (lock) {
                        busy.remove(this);
                        running = null;
                        settleSwitchLocked();
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

        /** True while this lane's cell is being stopped. */
        public boolean stopRequested() {
            synchronized (lock) {
                return interrupted && busy.contains(this);
            }
        }

        /** Ends the lane's thread once its cell, if any, has ended. */
        public void close() {
            cellThread.shutdown();
        }

        private void stopLocked() {
            interrupted = true;
            Thread target = running;
            if (target != null) {
                target.interrupt();
                long stopping = generation;
                if (Runtime.version().feature() < 20) {
                    watchdog.schedule(() -> forceStop(target, stopping), FORCE_STOP_AFTER_MILLIS,
                            TimeUnit.MILLISECONDS);
                }
            }
        }

        @SuppressWarnings({"deprecation", "removal"})
        private void forceStop(Thread target, long stopping) {
            synchronized (lock) {
                if (running != target || generation != stopping) {
                    return;
                }
            }
            if (!forceStoppable.test(target)) {
                watchdog.schedule(() -> forceStop(target, stopping), 100, TimeUnit.MILLISECONDS);
                return;
            }
            Log.warn("the cell on " + target.getName() + " ignored the interrupt; stopping its thread");
            target.stop();
        }
    }
}
