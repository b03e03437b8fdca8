package jaudit.kernel.io;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.in} for cells: each time the buffered input runs out, one line is asked for from
 * the frontend (an input_request) through the given source.
 */
public final class CellInput extends InputStream {

    /** Supplies the next line typed by the user, without its line terminator. */
    @FunctionalInterface
    public interface LineSource {
        String readLine();
    }

    private final LineSource source;
    private byte[] buffer = new byte[0];
    private int position;

    public CellInput(LineSource source) {
        this.source = source;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * The buffer is held only while it is read or filled, never while a line is asked for: a cell
     * waiting for its answer must not hold up another shell's cell, which discards the buffer as it
     * starts.
     */
    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (true) {
            synchronized (this) {
                if (position < buffer.length) {
                    int n = Math.min(len, buffer.length - position);
                    System.arraycopy(buffer, position, b, off, n);
                    position += n;
                    return n;
                }
            }
            String line = source.readLine();
            if (line == null) {
                return -1;
            }
            byte[] typed = (line + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                byte[] rest = java.util.Arrays.copyOfRange(buffer, position, buffer.length);
                buffer = java.util.Arrays.copyOf(rest, rest.length + typed.length);
                System.arraycopy(typed, 0, buffer, rest.length, typed.length);
                position = 0;
            }
        }
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    /** Forgets unread input, so that a new cell does not see what an earlier one left. */
    public synchronized void discard() {
        buffer = new byte[0];
        position = 0;
    }
}
