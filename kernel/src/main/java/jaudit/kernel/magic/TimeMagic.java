package jaudit.kernel.magic;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import jaudit.kernel.jshell.CellResult;

/**
 * {@code %time STATEMENT} and {@code %%time}: runs the code, then prints the wall time and the cell
 * thread's CPU time after its output, as IPython and JJava do. Work the code hands to other threads
 * counts in the wall time only.
 */
public final class TimeMagic implements Magic {
    @Override
    public String name() {
        return "time";
    }

    @Override
    public String usage() {
        return "%time STATEMENT, or %%time on a cell's first line (wall and CPU time of the code)";
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        String code = call.body().orElse("\n".repeat(call.line()) + call.args());
        if (code.isBlank()) {
            throw MagicException.usage(this, "%time needs a statement to time");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long userStart = cpu ? threads.getCurrentThreadUserTime() : 0;
        long wallStart = System.nanoTime();
        CellResult result = cell.evaluate(code);
        long wall = System.nanoTime() - wallStart;
        if (cpu) {
            long total = threads.getCurrentThreadCpuTime() - cpuStart;
            // User time counts in scheduler ticks, total time in nanoseconds: keep their difference sane.
            long user = Math.min(total, threads.getCurrentThreadUserTime() - userStart);
            System.out.println("CPU times: user " + duration(user) + ", sys " + duration(total - user)
                    + ", total " + duration(total));
        }
        System.out.println("Wall time: " + duration(wall));
        return result;
    }

    /** IPython's style: the unit that keeps three significant digits readable. */
    static String duration(long nanos) {
        if (nanos >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (nanos >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
}
