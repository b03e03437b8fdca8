package jaudit.kernel;

import jaudit.kernel.log.Log;
import java.util.Optional;

/**
 * Ends the kernel when the client that started it dies without shutting it down (a crashed
 * notebook server or test run), so that no orphaned JVM keeps its ports and memory. Like ipykernel,
 * it watches the process jupyter_client names in {@code JPY_PARENT_PID}, and nothing when unset.
 */
final class ParentWatch {
    private static final long PERIOD_MILLIS = 1000;

    private ParentWatch() {
    }

    static void start() {
        String pid = System.getenv("JPY_PARENT_PID");
        Optional<ProcessHandle> parent;
        try {
            parent = pid == null ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            Log.warn("ignoring JPY_PARENT_PID=" + pid + ": not a process id");
            return;
        }
        if (parent.isEmpty() || parent.get().pid() == 1) {
            return;
        }
        ProcessHandle watched = parent.get();
        Thread watch = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                if (!watched.isAlive()) {
                    Log.warn("the process that started the kernel (pid " + watched.pid() + ") has gone; exiting");
                    Runtime.getRuntime().halt(1);
                }
            }
        }, "jaudit-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
