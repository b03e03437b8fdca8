package jaudit.kernel.log;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The kernel's own diagnostics. They go to the process's original standard error (the Jupyter
 * server's log), captured before cell output capture replaces {@code System.err}.
 */
public final class Log {
    private static final PrintStream OUT = System.err;
    private static volatile boolean debug = Boolean.getBoolean("jaudit.debug");

    private Log() {
    }

    /** Touching the class captures the original stream; the kernel does this before redirecting. */
    public static void init() {
        debug = debug || System.getenv("JAUDIT_DEBUG") != null;
    }

    public static void info(String message) {
        write("INFO", message);
    }

    public static void warn(String message) {
        write("WARN", message);
    }

    public static void error(String message, Throwable cause) {
        write("ERROR", message);
        if (cause != null) {
            cause.printStackTrace(OUT);
        }
    }

    public static void debug(String message) {
        if (debug) {
            write("DEBUG", message);
        }
    }

    private static void write(String level, String message) {
        OUT.println("[jaudit " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + "] " + message);
    }
}
