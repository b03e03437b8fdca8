package jaudit.kernel.mcp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The stdio transport's input: the client's newline-delimited JSON-RPC messages, each passed through
 * {@link Cancellations} before the SDK reads it, and the end of input (the client closed the session)
 * reported, so that the server can shut its kernel down.
 */
final class ClientInput extends InputStream {
    private final InputStream in;
    private final Cancellations cancellations;
    private final Runnable atEnd;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    ClientInput(InputStream in, Cancellations cancellations, Runnable atEnd) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.cancellations = cancellations;
        this.atEnd = atEnd;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    /** Takes the next message when the last is used up; false at the end of input. */
    private boolean fill() throws IOException {
        while (position >= current.length) {
            if (ended) {
                return false;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.write(c);
            }
            byte[] message = cancellations.pass(line.toByteArray());
            if (c == -1) {
                ended = true;
                atEnd.run();
                current = message;
            } else {
                current = new byte[message.length + 1];
                System.arraycopy(message, 0, current, 0, message.length);
                current[message.length] = '\n';
            }
            position = 0;
        }
        return true;
    }
}
