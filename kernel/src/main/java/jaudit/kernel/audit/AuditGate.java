package jaudit.kernel.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditDeniedException;
import jaudit.policy.AuditEvents;
import jaudit.policy.Auditor;

/**
 * The kernel's answer to events raised inside the JDK: judge them with the context's policy and,
 * on a denial, throw an {@link AuditDeniedException} that says what was blocked, where in the cell,
 * under whose policy, and how to allow it.
 */
public final class AuditGate implements BiConsumer<Object, Object[]> {
    private static final String BRIDGE = "java.lang.JauditBridge";
    private static final String CONFIG_FILE = "the kernel's audit policy (kernel.json metadata.audit)";

    private final Function<StackTraceElement, Optional<String>> cellLocator;

    /** @param cellLocator names the cell and line of a frame of cell code, or empty for other frames */
    public AuditGate(Function<StackTraceElement, Optional<String>> cellLocator) {
        this.cellLocator = cellLocator;
    }

    /** Judges {@code raised} (the event's name, then its arguments) under {@code context}; throws to deny. */
    @Override
    public void accept(Object context, Object[] raised) {
        if (!(context instanceof AuditContext audit)) {
            return;
        }
        String event = (String) raised[0];
        List<Object> arguments = Collections.unmodifiableList(event.equals("native.call")
                ? CellNames.shownAll(Arrays.asList(raised).subList(1, raised.length))
                : Arrays.asList(raised).subList(1, raised.length));
        Optional<String> violation = Auditor.violation(audit.policy(), event, arguments);
        if (violation.isEmpty()) {
            return;
        }
        List<Object> shown = event.startsWith("net.") && arguments.size() > 2 ? arguments.subList(0, 2) : arguments;
        StackTraceElement[] stack = new Throwable().getStackTrace();
        String message = "Audit: " + event + " blocked in sandbox with args: " + shown
                + "\n  why: " + violation.get()
                + "\n  at: " + where(stack)
                + "\n  policy entered by " + audit.origin() + threadNote(audit)
                + "\n  to allow: " + hint(event);
        AuditDeniedException denied = new AuditDeniedException(event, arguments, message);
        denied.setStackTrace(outsideGuard(stack));
        throw denied;
    }

    /** The first frame outside the JDK and jaudit; when that is library code, also the cell line that called it. */
    private String where(StackTraceElement[] stack) {
        String first = null;
        for (StackTraceElement frame : stack) {
            if (isJdkOrGuard(frame.getClassName())) {
                continue;
            }
            Optional<String> cell = cellLocator.apply(frame);
            if (cell.isPresent()) {
                return first == null ? cell.get() : first + ", called from " + cell.get();
            }
            if (first == null) {
                first = frame.getClassName() + "." + frame.getMethodName()
                        + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return first == null ? "(no frame outside the JDK)" : first;
    }

    private static String threadNote(AuditContext audit) {
        String current = Thread.currentThread().getName();
        return current.equals(audit.thread()) ? "" : " (on thread '" + current + "', running work that cell started)";
    }

    private static String hint(String event) {
        AuditEvents.Event described = AuditEvents.BY_NAME.get(event);
        String key = described == null ? "enabled" : described.allowKey();
        return switch (key) {
            case "roots" -> "add the folder to \"roots\" in " + CONFIG_FILE;
            case "net" -> "add a \"host:port\" pattern to \"net\" in " + CONFIG_FILE;
            case "monitor_calls" -> "set \"monitor_calls\": false in " + CONFIG_FILE;
            case "allow", "enabled" -> "only the host can: set \"enabled\": false in " + CONFIG_FILE;
            default -> "no policy key allows it: cell code can never change its own policy";
        };
    }

    private static StackTraceElement[] outsideGuard(StackTraceElement[] stack) {
        List<StackTraceElement> kept = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (!frame.getClassName().startsWith("jaudit.") && !frame.getClassName().equals(BRIDGE)) {
                kept.add(frame);
            }
        }
        return kept.toArray(new StackTraceElement[0]);
    }

    private static boolean isJdkOrGuard(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.") || className.startsWith("jaudit.");
    }
}
