package jaudit.kernel.jshell;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * JShell is one engine with one state, and none of it is safe to share: one thread at a time
 * compiles, defines classes or analyses source. A snippet's own code runs with the lock put down,
 * so that while one shell's cell computes, another shell's cell compiles and runs, and completion
 * answers.
 */
final class EngineLock {
    private final ReentrantLock lock = new ReentrantLock();

    <T> T holding(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void holding(Runnable work) {
        holding(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} with every hold of the calling thread put down, and takes them up again after. */
    <T> T released(Callable<T> work) throws Exception {
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        try {
            return work.call();
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
        }
    }
}
