package jaudit.kernel.audit;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What a person or the host allowed "for this session" when asked: kept for the kernel's life. */
final class SessionApprovals implements Decider {
    static final String BY = "ask: allowed for this session";
    private final Set<String> approved = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<Verdict> decide(Judgement j) {
        return j.event.negotiable() && approved.contains(key(j)) ? Optional.of(Verdict.allowedBy(BY)) : Optional.empty();
    }

    void approve(Judgement j) {
        approved.add(key(j));
    }

    private static String key(Judgement j) {
        return j.name() + " " + j.shown;
    }
}
