package jaudit.instrument;

/**
 * The check that {@link InterruptCheckpoints} weaves into cell code at method entries and backward
 * branches. Since JDK 20 {@code Thread.stop} throws, so a loop that never blocks can only be stopped
 * by code that looks at a flag; one volatile read keeps the check cheap enough for the hottest loop.
 */
public final class Checkpoint {

    private static volatile boolean stopRequested;
    private static final Object CLAIM_LOCK = new Object();
    private static StopSwitch claimed;

    private Checkpoint() {
    }

    /** Called from woven cell code; throws while a stop is requested. */
    public static void check() {
        if (stopRequested) {
            throw new CellInterruptedError();
        }
    }

    /**
     * Hands the one switch that raises and clears the stop flag to its first caller, the kernel, so
     * that cell code cannot obtain it afterwards.
     */
    public static StopSwitch claimSwitch() {
        synchronized (CLAIM_LOCK) {
            if (claimed != null) {
                throw new IllegalStateException("the stop switch is already claimed");
            }
            claimed = new StopSwitch();
            return claimed;
        }
    }

    /** Raises and clears the stop flag that {@link #check()} reads. */
    public static final class StopSwitch {
        private StopSwitch() {
        }

        public void requestStop() {
            stopRequested = true;
        }

        public void clear() {
            stopRequested = false;
        }

        public boolean isStopRequested() {
            return stopRequested;
        }
    }
}
