package jaudit.kernel.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import jaudit.kernel.magic.EventJudge;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditDeniedException;
import jaudit.policy.AuditEvents;
import jaudit.policy.CallSiteDisabled;

/**
 * The kernel's answer to events raised inside the JDK: judge them with the context's policy, asking
 * its deciders in order (on_call, the rules, the JDK's own files, the allow list, session
 * approvals, before_deny, ask),
 * and on a denial throw an {@link AuditDeniedException} that says what was blocked, where in the
 * cell, under whose policy, and how to allow it. Every decision but the rules' plain allowing is
 * recorded in the audit log, and each cell's denials are kept until the cell's reply is made, so a
 * denial that a library caught is still reported.
 */
public final class AuditGate implements BiConsumer<Object, Object[]>, EventJudge {
    private final Function<StackTraceElement, Optional<String>> cellLocator;
    private final AuditLog log;
    private final List<Decider> deciders;
    private final Map<AuditContext, List<Denial>> denials = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * @param cellLocator names the cell and line of a frame of cell code, or empty for other frames
     * @param host asks the host's code, for policies with {@code "ask": "host"}
     */
    public AuditGate(Function<StackTraceElement, Optional<String>> cellLocator, HostCallbacks callbacks, AuditLog log,
                     HostAsk host) {
        this.cellLocator = cellLocator;
        this.log = log;
        SessionApprovals session = new SessionApprovals();
        this.deciders = List.of(new OnCallDecider(callbacks), new RuleDecider(), new JdkOwnFilesDecider(),
                new AllowListDecider(), session, new BeforeDenyDecider(callbacks), new AskDecider(session, host));
    }

    /** Judges {@code raised} (the event's name, then its arguments) under {@code context}; throws to deny. */
    @Override
    public void accept(Object context, Object[] raised) {
        if (context instanceof AuditContext audit && audit.policy().enabled()) {
            judge(audit, raised, null);
        }
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
        AuditEvents.Event event = AuditEvents.BY_NAME.get((String) raised[0]);
        if (event == null) {
            throw new IllegalStateException("the guard raised " + raised[0] + ", which is not in the vocabulary");
        }
        boolean nativeCall = event.name().equals("native.call");
        if (nativeCall && !audit.policy().monitorCalls()) {
            // Sites linked while calls were monitored keep raising; unmonitored, they are allowed at once.
            return;
        }
        List<Object> all = Arrays.asList(raised).subList(1, raised.length);
        Judgement j = new Judgement(audit, event, Collections.unmodifiableList(nativeCall ? CellNames.shownAll(all) : all),
                knownWhere, cellLocator);
        for (Decider decider : deciders) {
            Optional<Verdict> verdict;
            try {
                verdict = decider.decide(j);
            } catch (BeforeDenyDecider.CallbackFailure failure) {
                log.record(audit, j.name(), j.shown, j.where(), "error", failure.getMessage());
                if (failure.getCause() instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure.getCause();
            }
            if (verdict.isPresent()) {
                if (verdict.get().by() != null) {
                    log.record(audit, j.name(), j.shown, j.where(), "allowed", verdict.get().by());
                }
                if (verdict.get().disablesSite()) {
                    throw new CallSiteDisabled();
                }
                return;
            }
        }
        log.record(audit, j.name(), j.shown, j.where(), "denied", j.deniedBy);
        denials.computeIfAbsent(audit, a -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Denial(j.name(), j.shown, j.where(), AllowHint.rule(j.event, j.shown)));
        AuditDeniedException denied = new AuditDeniedException(j.name(), j.shown, j.message());
        denied.setStackTrace(j.framesOutsideGuard());
        throw denied;
    }

    /**
     * The denials made under {@code cell}'s context, forgotten once taken. The kernel takes them
     * when the cell ends, to report those its reply does not show.
     */
    public List<Denial> takeDenials(AuditContext cell) {
        List<Denial> made = denials.remove(cell);
        return made == null ? List.of() : List.copyOf(made);
    }
}
