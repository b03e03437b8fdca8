package jaudit.kernel.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.lang.reflect.Method;
import jaudit.kernel.magic.EventJudge;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditPolicy;
import jaudit.policy.CallSiteDisabled;
import jaudit.policy.OnCall;
import jaudit.policy.AuditDeniedException;
import jaudit.policy.AuditEvents;
import jaudit.policy.Auditor;

/**
 * The kernel's answer to events raised inside the JDK: judge them with the context's policy and,
 * on a denial, throw an {@link AuditDeniedException} that says what was blocked, where in the cell,
 * under whose policy, and how to allow it.
 */
public final class AuditGate implements BiConsumer<Object, Object[]>, EventJudge {
    private static final String BRIDGE = "java.lang.JauditBridge";
    private static final String CONFIG_FILE = "the policy (kernel.json, the request's or the cell's metadata.audit)";

    private final Function<StackTraceElement, Optional<String>> cellLocator;
    private final HostCallbacks callbacks;
    private final AuditLog log;
    /** Events a person allowed "for this session" when asked; kept for the kernel's life. */
    private final Set<String> sessionApprovals = ConcurrentHashMap.newKeySet();

    /** @param cellLocator names the cell and line of a frame of cell code, or empty for other frames */
    public AuditGate(Function<StackTraceElement, Optional<String>> cellLocator, HostCallbacks callbacks, AuditLog log) {
        this.cellLocator = cellLocator;
        this.callbacks = callbacks;
        this.log = log;
    }

    /**
     * Judges {@code raised} (the event's name, then its arguments) under {@code context}; throws to
     * deny. In order: the host's on_call for native calls, the policy's rules, its allow list, what a
     * person allowed for the session, the host's before_deny, then asking the person.
     */
    @Override
    public void accept(Object context, Object[] raised) {
        if (!(context instanceof AuditContext audit) || !audit.policy().enabled()) {
            return;
        }
        judge(audit, raised, null);
    }

    /** With the cell line that asked for it; throws {@link AuditDeniedException} to deny. */
    @Override
    public void judge(AuditContext audit, String where, String event, Object... args) {
        if (!audit.policy().enabled()) {
            return;
        }
        Object[] raised = new Object[args.length + 1];
        raised[0] = event;
        System.arraycopy(args, 0, raised, 1, args.length);
        judge(audit, raised, where);
    }

    private void judge(AuditContext audit, Object[] raised, String knownWhere) {
        AuditPolicy policy = audit.policy();
        String event = (String) raised[0];
        List<Object> all = Arrays.asList(raised).subList(1, raised.length);
        boolean nativeCall = event.equals("native.call");
        if (nativeCall && !policy.monitorCalls()) {
            // Sites linked while calls were monitored keep raising; unmonitored, they are allowed at once.
            return;
        }
        List<Object> arguments = Collections.unmodifiableList(nativeCall ? CellNames.shownAll(all) : all);
        // Network events carry the peer's IP and native calls the method as a third, unshown argument.
        List<Object> shown = (event.startsWith("net.") || nativeCall) && arguments.size() > 2
                ? arguments.subList(0, 2) : arguments;
        if (nativeCall && policy.onCall().isPresent()) {
            Method target = all.size() > 2 && all.get(2) instanceof Method m ? m : null;
            OnCall.Decision decision = callbacks.onCall(policy).onCall(String.valueOf(shown.get(0)),
                    String.valueOf(shown.get(1)), target, policy.data());
            if (decision != OnCall.Decision.RAISE) {
                String where = knownWhere != null ? knownWhere : where(new Throwable().getStackTrace());
                log.record(audit, event, shown, where, "allowed", "on_call " + policy.onCall().get() + ": " + decision);
                if (decision == OnCall.Decision.DISABLE && target != null) {
                    throw new CallSiteDisabled();
                }
                return;
            }
        }
        Optional<String> violation = Auditor.violation(policy, event, arguments);
        if (violation.isEmpty()) {
            return;
        }
        StackTraceElement[] stack = new Throwable().getStackTrace();
        String where = knownWhere != null ? knownWhere : where(stack);
        // Nothing lets a cell change its own policy: no rule, callback or answer applies to audit.config.
        boolean negotiable = !event.equals("audit.config");
        Optional<Integer> rule = negotiable ? Auditor.allowedBy(policy, event, arguments) : Optional.empty();
        if (rule.isPresent()) {
            log.record(audit, event, shown, where, "allowed", "allow[" + rule.get() + "]");
            return;
        }
        String approval = event + " " + shown;
        if (negotiable && sessionApprovals.contains(approval)) {
            log.record(audit, event, shown, where, "allowed", "ask: allowed for this session");
            return;
        }
        String message = "Audit: " + event + " blocked in sandbox with args: " + shown
                + "\n  why: " + violation.get()
                + "\n  at: " + where
                + "\n  policy entered by " + audit.origin() + (knownWhere != null ? "" : threadNote(audit))
                + "\n  to allow: " + hint(event, shown);
        StackTraceElement[] frames = outsideGuard(stack);
        String decidedBy = "rule";
        if (negotiable && policy.beforeDeny().isPresent()) {
            String callback = "before_deny " + policy.beforeDeny().get();
            boolean allowed;
            try {
                allowed = callbacks.beforeDeny(policy).allow(event, shown, List.of(frames), message, policy.data());
            } catch (RuntimeException | Error e) {
                log.record(audit, event, shown, where, "error", callback + " threw " + e);
                throw e;
            }
            if (allowed) {
                log.record(audit, event, shown, where, "allowed", callback);
                return;
            }
            decidedBy = "rule, " + callback + " declined";
        }
        if (negotiable && policy.ask() && audit.prompt() != null) {
            Optional<String> answer = audit.prompt().ask(message + "\nAllow it? [o]nce, for this [s]ession, [d]eny: ",
                    policy.askTimeout());
            String choice = answer.map(a -> a.strip().toLowerCase(Locale.ROOT)).orElse("");
            if (choice.equals("o") || choice.equals("once")) {
                log.record(audit, event, shown, where, "allowed", "ask: allowed once");
                return;
            }
            if (choice.equals("s") || choice.equals("session")) {
                sessionApprovals.add(approval);
                log.record(audit, event, shown, where, "allowed", "ask: allowed for this session");
                return;
            }
            decidedBy = answer.isEmpty() ? "ask: no answer within " + policy.askTimeout().toSeconds() + " s"
                    : "ask: denied";
        }
        log.record(audit, event, shown, where, "denied", decidedBy);
        AuditDeniedException denied = new AuditDeniedException(event, shown, message);
        denied.setStackTrace(frames);
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

    private static String hint(String event, List<Object> shown) {
        AuditEvents.Event described = AuditEvents.BY_NAME.get(event);
        String key = described == null ? "enabled" : described.allowKey();
        return switch (key) {
            case "roots" -> "add the folder to \"roots\" in " + CONFIG_FILE;
            case "net" -> "add a \"host:port\" pattern to \"net\" in " + CONFIG_FILE;
            case "maven" -> "add the repository URL (and, if \"maven\" lists coordinates, \"" + coordinatePattern(shown)
                    + "\") to \"maven\", or add " + allowRule(event, shown) + " to \"allow\", in " + CONFIG_FILE;
            case "monitor_calls" -> "add {\"event\": \"native.call\", \"callee\": \"" + shown.get(1)
                    + "\"} to \"allow\", or set \"monitor_calls\": false, in " + CONFIG_FILE;
            case "allow" -> "add " + allowRule(event, shown) + " to \"allow\" in " + CONFIG_FILE;
            default -> "no policy key allows it: cell code can never change its own policy";
        };
    }

    private static String coordinatePattern(List<Object> shown) {
        String[] parts = String.valueOf(shown.get(0)).split(":");
        return parts.length < 2 ? String.valueOf(shown.get(0)) : parts[0] + ":" + parts[1];
    }

    /** The narrowest allow rule that would let this event through. */
    private static String allowRule(String event, List<Object> shown) {
        Object first = shown.isEmpty() ? null : shown.get(0);
        String arg = first == null ? "" : String.valueOf(first);
        if (event.equals("process.start")) {
            arg = arg.strip().split("\\s+")[0];
        }
        return "{\"event\": \"" + event + "\"" + (arg.isEmpty() ? "" : ", \"args\": [\"" + arg.replace("\"", "\\\"") + "\"]")
                + "}";
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
