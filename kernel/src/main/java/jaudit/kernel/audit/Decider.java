package jaudit.kernel.audit;

import java.util.Optional;

/**
 * One step of the gate's judgement of an event. The gate asks its deciders in order (on_call, the
 * rules, the JDK's own files, the allow list, session approvals, before_deny, ask) and the
 * first verdict stands; no verdict from any of them is a denial by the rules.
 */
interface Decider {
    Optional<Verdict> decide(Judgement judgement);
}
