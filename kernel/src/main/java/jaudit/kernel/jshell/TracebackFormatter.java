package jaudit.kernel.jshell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jaudit.policy.CodeOrigins;

/**
 * Writes a cell's exception the way a Java developer reads one: the exception line, then its frames
 * with cell code located by cell and line, and without the kernel's and JShell's own frames.
 */
final class TracebackFormatter {
    private final SnippetLocator locator;

    TracebackFormatter(SnippetLocator locator) {
        this.locator = locator;
    }

    CellError format(Throwable failure) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = failure;
        String prefix = "";
        while (current != null && seen.add(current)) {
            lines.add(prefix + current);
            for (StackTraceElement frame : userFrames(current.getStackTrace())) {
                Optional<String> cell = locator.describe(frame);
                lines.add("\tat " + cell.orElseGet(frame::toString));
            }
            current = current.getCause();
            prefix = "Caused by: ";
        }
        String message = failure.getMessage();
        return new CellError(failure.getClass().getName(), message == null ? "" : message, lines);
    }

    /** The frames from the throw point down to the outermost cell frame, less kernel and reflection frames. */
    static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
        int last = frames.length - 1;
        for (int i = frames.length - 1; i >= 0; i--) {
            if (SnippetLocator.isCellFrame(frames[i])) {
                last = i;
                break;
            }
        }
        List<StackTraceElement> kept = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            // The lambda that hands a cell's last expression to CellValue is the cell's own line, already shown.
            boolean capture = i + 1 < frames.length && frames[i + 1].getClassName().equals(CellValue.class.getName());
            if (!capture && !isMachinery(frames[i].getClassName())) {
                kept.add(frames[i]);
            }
        }
        return kept;
    }

    private static boolean isMachinery(String className) {
        return CodeOrigins.isGuard(className) || className.startsWith("jdk.jshell.")
                || className.startsWith("jdk.internal.reflect.") || className.equals("java.lang.reflect.Method");
    }
}
