package jaudit.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class WakeupTest {
    private static final long POLL_MILLIS = 10_000;

    @Test
    void aWakeDuringAnotherWakesClearingIsNeverLost() throws Exception {
        Wakeup wakeup = new Wakeup();
        AtomicLong work = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        try (ZContext context = new ZContext(1)) {
            ZMQ.Poller poller = context.createPoller(1);
            int woken = wakeup.register(poller);
            Thread owner = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    poller.poll(POLL_MILLIS);
                    if (poller.pollin(woken)) {
                        wakeup.clear();
                    }
                    seen.set(work.get());
                }
            });
            owner.setDaemon(true);
            owner.start();
            // Wakes arrive while the owner clears earlier ones: a wake lost there leaves the owner
            // asleep for its whole poll, with the last piece of work unseen.
            long last = 200_000;
            for (long i = 1; i <= last; i++) {
                work.set(i);
                wakeup.wake();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (seen.get() != last && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(last, seen.get(), "the owner saw the last wake within 2 s, not after its poll timed out");
            owner.interrupt();
            wakeup.wake();
            owner.join(5000);
            assertTrue(!owner.isAlive());
        }
    }
}
