package jaudit.kernel.io;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * {@code System.in} for cells: each time the buffered input runs out, one line is asked for from
 * the frontend (an input_request) through the given source. Each cell has a buffer of its own (the
 * owner the reading thread belongs to), so a cell never reads what was typed for another shell's
 * cell, and a new cell never sees what an earlier one left.
 */
public final class CellInput extends InputStream {

    /** Supplies the next line typed by the user, without its line terminator. */
    @FunctionalInterface
    public interface LineSource {
        String readLine();
    }

    private static final class Buffer {
        private byte[] bytes = new byte[0];
        private int position;
    }

    private final LineSource source;
    private final Supplier<Object> owner;
    /** Weak: a cell no thread belongs to any more takes its unread input with it. */
    private final Map<Object, Buffer> buffers = new WeakHashMap<>();

    /** @param owner whose input the calling thread reads: its cell's */
    public CellInput(LineSource source, Supplier<Object> owner) {
        this.source = source;
        this.owner = owner;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * The buffers are held only while one is read or filled, never while a line is asked for: a cell
     * waiting for its answer holds up no other shell's cell.
     */
    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (true) {
            synchronized (this) {
                Buffer buffer = buffer();
                if (buffer.position < buffer.bytes.length) {
                    int n = Math.min(len, buffer.bytes.length - buffer.position);
                    System.arraycopy(buffer.bytes, buffer.position, b, off, n);
                    buffer.position += n;
                    return n;
                }
            }
            String line = source.readLine();
            if (line == null) {
                return -1;
            }
            byte[] typed = (line + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                Buffer buffer = buffer();
                byte[] rest = Arrays.copyOfRange(buffer.bytes, buffer.position, buffer.bytes.length);
                buffer.bytes = Arrays.copyOf(rest, rest.length + typed.length);
                System.arraycopy(typed, 0, buffer.bytes, rest.length, typed.length);
                buffer.position = 0;
            }
        }
    }

    @Override
    public synchronized int available() {
        Buffer buffer = buffer();
        return buffer.bytes.length - buffer.position;
    }

    private Buffer buffer() {
        return buffers.computeIfAbsent(owner.get(), o -> new Buffer());
    }
}
