package jaudit.kernel.cell;

import jaudit.kernel.log.Log;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jaudit.instrument.TransformerChain;
import jaudit.kernel.jshell.CellEvaluator;
import jaudit.kernel.jshell.CodeInsight;

/**
 * Starts JShell in the background as soon as the kernel starts, so kernel_info is answered at once
 * and the compiler is warm by the time the first cell arrives.
 */
public final class EvaluatorStartup {
    private final CompletableFuture<CellEvaluator> evaluator = new CompletableFuture<>();
    private volatile CodeInsight insight;

    public EvaluatorStartup(TransformerChain chain) {
        Thread starter = new Thread(() -> {
            try {
                long start = System.nanoTime();
                evaluator.complete(CellEvaluator.start(chain));
                Log.debug("JShell ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (Throwable t) {
                Log.error("JShell could not start", t);
                evaluator.completeExceptionally(t);
            }
        }, "jaudit-jshell-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Waits for JShell; fails with the start-up error if it could not start. */
    public CellEvaluator evaluator() throws ExecutionException {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException("interrupted while JShell was starting", e);
        }
    }

    /** The evaluator if JShell is ready, else null; never waits. */
    public CellEvaluator ready() {
        return evaluator.isDone() && !evaluator.isCompletedExceptionally() ? evaluator.join() : null;
    }

    public CodeInsight insight() throws ExecutionException {
        CodeInsight current = insight;
        if (current == null) {
            current = new CodeInsight(evaluator());
            insight = current;
        }
        return current;
    }
}
