package jaudit.kernel.jshell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * JShell's execution engine for the kernel: snippets run in this JVM, on the thread that calls
 * {@code eval}, with classes defined by the instrumenting loader, and without the {@link EngineLock}
 * (shells run their cells side by side). It keeps the raw value and the raw exception of each
 * thread's last snippet, because JShell's own copies are strings and a stack trace whose line
 * numbers are lost.
 */
final class KernelExecutionControl extends DirectExecutionControl {
    private final EngineLock engine;
    private final ThreadLocal<Object> lastValue = new ThreadLocal<>();
    private final ThreadLocal<Throwable> lastFailure = new ThreadLocal<>();
    private final Set<Thread> invoking = ConcurrentHashMap.newKeySet();

    KernelExecutionControl(CellLoaderDelegate loaderDelegate, EngineLock engine) {
        super(loaderDelegate);
        this.engine = engine;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        lastValue.remove();
        lastFailure.remove();
        return engine.released(() -> {
            Thread self = Thread.currentThread();
            invoking.add(self);
            try {
                lastValue.set(doit.invoke(null));
            } catch (InvocationTargetException e) {
                lastFailure.set(e.getCause());
                throw e;
            } finally {
                invoking.remove(self);
            }
            // The kernel renders values itself, on the cell's thread and only for expressions.
            return "";
        });
    }

    @Override
    public void stop() {
        // Interrupts go through the kernel's CellRunner, which raises the woven checkpoints' flag.
    }

    /** Whether the thread is running a snippet's code now, rather than JShell or javac. */
    boolean invoking(Thread thread) {
        return invoking.contains(thread);
    }

    Object takeValue() {
        Object value = lastValue.get();
        lastValue.remove();
        return value;
    }

    Throwable takeFailure() {
        Throwable failure = lastFailure.get();
        lastFailure.remove();
        return failure;
    }

    /** The jshell-style text of a value: strings quoted, arrays expanded. */
    static String render(Object value) {
        return valueString(value);
    }
}
