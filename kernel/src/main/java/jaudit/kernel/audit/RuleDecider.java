package jaudit.kernel.audit;

import java.util.Optional;
import jaudit.policy.Auditor;

/** The policy's rules: what they allow passes at once and is not recorded; otherwise why they deny it. */
final class RuleDecider implements Decider {
    @Override
    public Optional<Verdict> decide(Judgement j) {
        Optional<String> violation = Auditor.violation(j.policy(), j.name(), j.raised, j.audit.folders());
        if (violation.isEmpty()) {
            return Optional.of(Verdict.WITHIN_RULES);
        }
        j.violation = violation.get();
        return Optional.empty();
    }
}
