package jaudit.kernel.io;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Collects what cells (and the threads they start) write to {@code System.out} and
 * {@code System.err}, and hands it on as stream text, with the owner of the writing thread (the
 * request its cell answers). Writes to both streams share one buffer, so stdout and stderr keep their
 * relative order; a write by another owner sends what the buffer holds first, so no message mixes
 * two owners' text; a short timer batches many small writes into a few messages.
 */
public final class OutputCapture {
    private static final long BATCH_MILLIS = 20;
    private static final int EAGER_FLUSH_BYTES = 64 * 1024;

    /** Receives decoded text for a stream (name is {@code stdout} or {@code stderr}) written by {@code owner}'s threads. */
    @FunctionalInterface
    public interface Sink {
        void stream(Object owner, String name, String text);
    }

    private final Supplier<Object> owner;
    private final Sink sink;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaudit-output-flush");
        t.setDaemon(true);
        return t;
    });
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** The bytes of a character cut by a flush, by owner (identity) and stream, to lead their next text. */
    private final Map<Object, Map<String, byte[]>> undecodedTails = new IdentityHashMap<>();
    private String pendingName;
    private Object pendingOwner;
    private boolean flushScheduled;

    /** @param owner the owner of the calling thread's writes; may be null */
    public OutputCapture(Supplier<Object> owner, Sink sink) {
        this.owner = owner;
        this.sink = sink;
        // Start the timer's thread now, from the kernel: started lazily by a cell's first print, it
        // would inherit that cell's audit context.
        timer.execute(() -> { });
    }

    public OutputStream stream(String name) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                append(name, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                append(name, b, off, len);
            }
        };
    }

    private void append(String name, byte[] bytes, int off, int len) {
        Object writer = owner.get();
        synchronized (this) {
            appendAs(writer, name, bytes, off, len);
        }
    }

    private void appendAs(Object writer, String name, byte[] bytes, int off, int len) {
        if (pendingName != null && (!pendingName.equals(name) || pendingOwner != writer)) {
            emitPending();
        }
        pendingName = name;
        pendingOwner = writer;
        pending.write(bytes, off, len);
        if (pending.size() >= EAGER_FLUSH_BYTES) {
            emitPending();
        } else if (!flushScheduled) {
            flushScheduled = true;
            timer.schedule(this::flush, BATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends everything written so far. */
    public synchronized void flush() {
        flushScheduled = false;
        emitPending();
    }

    private void emitPending() {
        if (pendingName == null || pending.size() == 0) {
            return;
        }
        Map<String, byte[]> tails = undecodedTails.getOrDefault(pendingOwner, Map.of());
        byte[] tail = tails.getOrDefault(pendingName, new byte[0]);
        byte[] written = pending.toByteArray();
        pending.reset();
        byte[] bytes = tail.length == 0 ? written : concat(tail, written);
        int complete = Utf8.completePrefix(bytes);
        if (complete < bytes.length) {
            undecodedTails.computeIfAbsent(pendingOwner, o -> new HashMap<>())
                    .put(pendingName, Arrays.copyOfRange(bytes, complete, bytes.length));
        } else if (!tails.isEmpty()) {
            tails.remove(pendingName);
            if (tails.isEmpty()) {
                undecodedTails.remove(pendingOwner);
            }
        }
        if (complete > 0) {
            sink.stream(pendingOwner, pendingName, new String(bytes, 0, complete, StandardCharsets.UTF_8));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
