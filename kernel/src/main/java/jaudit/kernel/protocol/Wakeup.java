package jaudit.kernel.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.ZMQ;

/**
 * Wakes a thread that waits in a ZeroMQ poll on the socket it owns, when another thread has work for
 * it: a pipe whose reading end sits in the same poll. Any thread may {@link #wake}, an interrupted
 * one too: both ends are non-blocking, since a blocking channel closes itself for good when a thread
 * with its interrupt flag set uses it (an interrupted cell's last output is flushed that way).
 */
public final class Wakeup {
    private final Pipe pipe;
    /** A byte is in the pipe, or about to be: one is enough to wake the thread. */
    private final AtomicBoolean pending = new AtomicBoolean();

    public Wakeup() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("no pipe to wake a channel's thread with", e);
        }
    }

    /** Adds the pipe to {@code poller}; returns its index there. */
    public int register(ZMQ.Poller poller) {
        return poller.register(pipe.source(), ZMQ.Poller.POLLIN);
    }

    /** Call after putting the work where the woken thread looks for it. */
    public void wake() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wake a channel's thread", e);
        }
    }

    /** Empties the pipe, so the next poll waits again; called by the woken thread before it looks for work. */
    public void clear() {
        ByteBuffer bytes = ByteBuffer.allocate(64);
        try {
            while (pipe.source().read(bytes) > 0) {
                bytes.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a channel's wake-up pipe", e);
        }
        // Only once the pipe is empty: cleared first, a wake() between the two would write a byte this
        // read swallows and leave the flag set with the pipe empty, and every wake() after it would be
        // lost, the thread then waking only when its poll times out.
        pending.set(false);
    }
}
