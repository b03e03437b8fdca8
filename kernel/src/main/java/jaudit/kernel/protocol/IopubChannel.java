package jaudit.kernel.protocol;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jaudit.kernel.log.Log;

/**
 * The iopub PUB socket behind a queue: any thread may publish, one thread sends, so messages leave
 * in the order they were published.
 */
public final class IopubChannel implements Runnable {
    private final Channel channel;
    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Object drained = new Object();
    private volatile boolean running = true;

    public IopubChannel(Channel channel) {
        this.channel = channel;
    }

    public void publish(Message message) {
        queue.add(message);
    }

    @Override
    public void run() {
        while (running) {
            try {
                Message message = queue.poll(200, TimeUnit.MILLISECONDS);
                if (message != null) {
                    channel.send(message);
                }
                if (queue.isEmpty()) {
                    synchronized (drained) {
                        drained.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                Log.error("iopub: could not send a message", e);
            }
        }
    }

    /** Waits until every message published so far has been handed to the socket. */
    public void awaitDrained(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (drained) {
            while (!queue.isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    drained.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public void stop() {
        running = false;
    }
}
