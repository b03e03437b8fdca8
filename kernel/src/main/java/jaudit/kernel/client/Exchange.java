package jaudit.kernel.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import jaudit.kernel.protocol.Message;

/**
 * One request a client sent, and what came back for it: the reply on its channel, and on iopub the
 * messages whose parent it is, handed to {@code output} as they arrive, up to its idle status.
 */
public final class Exchange {
    private final Message request;
    private final Consumer<Message> output;
    private final CompletableFuture<Message> reply = new CompletableFuture<>();
    private final CompletableFuture<Void> idle = new CompletableFuture<>();

    Exchange(Message request, Consumer<Message> output) {
        this.request = request;
        this.output = output;
    }

    public Message request() {
        return request;
    }

    /**
     * Waits for the reply and the request's idle status.
     *
     * @throws TimeoutException when either has not come within {@code timeout}
     * @throws KernelGoneException when the kernel died or the client was closed meanwhile
     */
    public Message await(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Message answer = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            idle.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return answer;
        } catch (ExecutionException e) {
            throw (KernelGoneException) e.getCause();
        }
    }

    /** The reply, once it came; completes exceptionally when the kernel is gone. */
    public CompletableFuture<Message> reply() {
        return reply;
    }

    /** Completes when the request's idle status came. */
    public CompletableFuture<Void> idle() {
        return idle;
    }

    void replied(Message message) {
        reply.complete(message);
    }

    void published(Message message) {
        output.accept(message);
        if (message.type().equals("status") && message.content().path("execution_state").asText().equals("idle")) {
            idle.complete(null);
        }
    }

    boolean done() {
        return reply.isDone() && idle.isDone();
    }

    void fail(KernelGoneException why) {
        reply.completeExceptionally(why);
        idle.completeExceptionally(why);
    }
}
