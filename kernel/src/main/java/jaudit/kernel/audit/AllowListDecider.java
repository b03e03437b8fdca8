package jaudit.kernel.audit;

import java.util.Optional;
import jaudit.policy.Auditor;

/** The policy's {@code allow} list: the first rule that matches lets a negotiable event through. */
final class AllowListDecider implements Decider {
    @Override
    public Optional<Verdict> decide(Judgement j) {
        if (!j.event.negotiable()) {
            return Optional.empty();
        }
        return Auditor.allowedBy(j.policy(), j.name(), j.shown).map(rule -> Verdict.allowedBy("allow[" + rule + "]"));
    }
}
