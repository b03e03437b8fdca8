package jaudit.kernel.request;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import jaudit.kernel.log.Log;
import jaudit.kernel.protocol.Channel;

/**
 * One shell's requests in the order they came, served one after another on the shell's own thread.
 * Closed, it answers what it already holds and its thread ends.
 */
final class ShellQueue {
    /** Put behind a closed queue's last request. */
    private static final Channel.Received END = new Channel.Received(null, null);

    private final ShellHandlers shell;
    private final BlockingQueue<Channel.Received> waiting = new LinkedBlockingQueue<>();
    private boolean closed;

    /**
     * @param serve handles one request of this queue's, with its shell's handlers
     */
    ShellQueue(String threadName, ShellHandlers shell, BiConsumer<Channel.Received, ShellQueue> serve) {
        this.shell = shell;
        Thread thread = new Thread(() -> serveUntilClosed(serve), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    ShellHandlers shell() {
        return shell;
    }

    /** Queues a request; false once the queue is closed (its subshell deleted), when nothing would serve it. */
    synchronized boolean add(Channel.Received request) {
        if (closed) {
            return false;
        }
        waiting.add(request);
        return true;
    }

    /** Takes every request waiting now, for the caller to serve (as aborted, after a failed cell). */
    void takeAll(List<Channel.Received> into) {
        waiting.drainTo(into);
        if (into.remove(END)) {
            waiting.add(END);
        }
    }

    synchronized void close() {
        closed = true;
        waiting.add(END);
    }

    private void serveUntilClosed(BiConsumer<Channel.Received, ShellQueue> serve) {
        try {
            while (true) {
                Channel.Received request = waiting.take();
                if (request == END) {
                    break;
                }
                try {
                    serve.accept(request, this);
                } catch (RuntimeException | Error e) {
                    Log.error(Thread.currentThread().getName() + ": unexpected failure while serving a message", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shell.close().run();
        }
    }
}
