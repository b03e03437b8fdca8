package jaudit.kernel.jshell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * JShell's execution engine for the kernel: snippets run in this JVM, on the thread that calls
 * {@code eval}, with classes defined by the instrumenting loader. It keeps the raw value and the raw
 * exception of the last snippet, because JShell's own copies are strings and a stack trace whose
 * line numbers are lost.
 */
final class KernelExecutionControl extends DirectExecutionControl {
    private Object lastValue;
    private Throwable lastFailure;
    private volatile boolean invoking;

    KernelExecutionControl(CellLoaderDelegate loaderDelegate) {
        super(loaderDelegate);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        lastValue = null;
        lastFailure = null;
        invoking = true;
        try {
            lastValue = doit.invoke(null);
        } catch (InvocationTargetException e) {
            lastFailure = e.getCause();
            throw e;
        } finally {
            invoking = false;
        }
        // The kernel renders values itself, on the cell's thread and only for expressions.
        return "";
    }

    @Override
    public void stop() {
        // Interrupts go through the kernel's CellRunner, which raises the woven checkpoints' flag.
    }

    /** Whether the cell thread is running a snippet's code now, rather than JShell or javac. */
    boolean invoking() {
        return invoking;
    }

    Object takeValue() {
        Object value = lastValue;
        lastValue = null;
        return value;
    }

    Throwable takeFailure() {
        Throwable failure = lastFailure;
        lastFailure = null;
        return failure;
    }

    /** The jshell-style text of a value: strings quoted, arrays expanded. */
    static String render(Object value) {
        return valueString(value);
    }
}
