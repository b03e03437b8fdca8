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
    public synchronized int read() {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.length - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    private boolean fill() {
        if (position < buffer.length) {
            return true;
        }
        String line = source.readLine();
        if (line == null) {
            return false;
        }
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }

    /** Forgets unread input, so that a new cell does not see what an earlier one left. */
    public synchronized void discard() {
        buffer = new byte[0];
        position = 0;
    }
}
