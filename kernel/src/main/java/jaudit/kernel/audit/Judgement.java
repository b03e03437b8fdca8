package jaudit.kernel.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditEvents;
import jaudit.policy.AuditPolicy;
import jaudit.policy.CodeOrigins;

/**
 * One event under judgement: what was raised, under which context, and what the steps so far have
 * found (why the rules deny it, which callbacks declined). Where it happened is worked out only
 * when a step needs it, since most events are allowed by the rules at once.
 */
final class Judgement {
    final AuditContext audit;
    final AuditEvents.Event event;
    /** Every argument raised, the hidden ones included. */
    final List<Object> raised;
    /** The arguments a denial shows and an allow rule matches. */
    final List<Object> shown;
    private final String knownWhere;
    private final Function<StackTraceElement, Optional<String>> cellLocator;
    private StackTraceElement[] stack;
    private String where;
    /** Why the rules deny it, once the rules step has run. */
    String violation;
    /** Who denies it, as the log records it: the rules, unless a later step that could allow it declined. */
    String deniedBy = "rule";

    Judgement(AuditContext audit, AuditEvents.Event event, List<Object> raised, String knownWhere,
              Function<StackTraceElement, Optional<String>> cellLocator) {
        this.audit = audit;
        this.event = event;
        this.raised = raised;
        this.shown = event.shown(raised);
        this.knownWhere = knownWhere;
        this.cellLocator = cellLocator;
    }

    AuditPolicy policy() {
        return audit.policy();
    }

    String name() {
        return event.name();
    }

    /** The stack of the code that raised the event, taken on first use. */
    StackTraceElement[] stack() {
        if (stack == null) {
            stack = new Throwable().getStackTrace();
        }
        return stack;
    }

    /** Whether the event was raised by the kernel on a cell's behalf, with the cell line known. */
    boolean raisedByKernel() {
        return knownWhere != null;
    }

    /** The first frame outside the JDK and jaudit; when that is library code, also the cell line that called it. */
    String where() {
        if (where == null) {
            where = knownWhere != null ? knownWhere : locate(stack());
        }
        return where;
    }

    private String locate(StackTraceElement[] frames) {
        String first = null;
        for (StackTraceElement frame : frames) {
            if (CodeOrigins.isJdkOrGuard(frame.getClassName())) {
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

    /** The class of the first frame outside the JDK and jaudit, when it is a library's rather than a cell's. */
    Optional<String> libraryCaller() {
        for (StackTraceElement frame : stack()) {
            if (!CodeOrigins.isJdkOrGuard(frame.getClassName())) {
                return cellLocator.apply(frame).isPresent() ? Optional.empty() : Optional.of(frame.getClassName());
            }
        }
        return Optional.empty();
    }

    /** The stack without the guard's own frames, as the denial shows it. */
    StackTraceElement[] framesOutsideGuard() {
        List<StackTraceElement> kept = new ArrayList<>();
        for (StackTraceElement frame : stack()) {
            if (!CodeOrigins.isGuard(frame.getClassName())) {
                kept.add(frame);
            }
        }
        return kept.toArray(new StackTraceElement[0]);
    }

    /** The denial's text: what was blocked, why, where, under whose policy, and how to allow it. */
    String message() {
        return "Audit: " + name() + " blocked by the audit policy with args: " + shown
                + "\n  why: " + violation
                + "\n  at: " + where()
                + "\n  policy entered by " + audit.origin() + (raisedByKernel() ? "" : threadNote())
                + "\n  to allow: " + AllowHint.of(event, shown, policy().monitorCalls() ? libraryCaller() : Optional.empty());
    }

    private String threadNote() {
        String current = Thread.currentThread().getName();
        return current.equals(audit.thread()) ? "" : " (on thread '" + current + "', running work that cell started)";
    }
}
