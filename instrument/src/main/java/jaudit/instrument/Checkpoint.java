package jaudit.instrument;

/**
 * The check that {@link InterruptCheckpoints} weaves into cell code at method entries and backward
 * branches. Since JDK 20 {@code Thread.stop} throws, so a loop that never blocks can only be stopped
 * by code that looks at a flag; one volatile read keeps the check cheap enough for the hottest loop.
 */
public final class Checkpoint {

    private static volatile boolean stopRequested;
    /** Whether the stop is meant for the calling thread; asked only while one is requested. */
    private static volatile java.util.function.BooleanSupplier stopsHere = () -> true;
    private static final Object CLAIM_LOCK = new Object();
    private static StopSwitch claimed;

    private Checkpoint() {
    }

    /** Called from woven cell code; throws while a stop is requested for the calling thread. */
    public static void check() {
        if (stopRequested && stopsHere.getAsBoolean()) {
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

        /**
         * Narrows a requested stop to the threads {@code test} accepts, asked on the thread at a
         * checkpoint: the cells being stopped, not the other shells' cells that run meanwhile.
         */
        public void stopOnly(java.util.function.BooleanSupplier test) {
            stopsHere = test;
        }
    }
}
