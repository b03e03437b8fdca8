package jaudit.kernel.io;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.out} or {@code System.err} while the kernel runs: the notebook's stream, which
 * outlives every cell. Closing it, as a try-with-resources around a writer on {@code System.out}
 * does, only flushes it, so later cells still print.
 */
public final class NotebookPrintStream extends PrintStream {
    public NotebookPrintStream(OutputStream notebook) {
        super(notebook, true, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        flush();
    }
}
