package jaudit.kernel.audit;

import java.util.Locale;
import java.util.Optional;
import jaudit.policy.Ask;

/**
 * Last: the policy's {@code ask}. The person at the notebook answers through an input request, or
 * the host's code through the {@code jaudit.audit} comm; once, for the session, or deny. No answer
 * in time means deny.
 */
final class AskDecider implements Decider {
    private final SessionApprovals session;
    private final HostAsk host;

    AskDecider(SessionApprovals session, HostAsk host) {
        this.session = session;
        this.host = host;
    }

    @Override
    public Optional<Verdict> decide(Judgement j) {
        Ask ask = j.policy().ask();
        if (!j.event.negotiable() || ask == Ask.NOBODY) {
            return Optional.empty();
        }
        Optional<String> answer;
        String who;
        if (ask == Ask.PERSON) {
            if (j.audit.prompt() == null) {
                return Optional.empty();
            }
            answer = j.audit.prompt().ask(j.message() + "\nAllow it? [o]nce, for this [s]ession, [d]eny: ",
                    j.policy().askTimeout());
            who = "ask";
        } else {
            answer = host.ask(j.audit, j.name(), j.shown, j.where(), j.message(), j.policy().askTimeout());
            who = "ask host";
        }
        String choice = answer.map(a -> a.strip().toLowerCase(Locale.ROOT)).orElse("");
        if (choice.equals("o") || choice.equals(HostAsk.ONCE)) {
            return Optional.of(Verdict.allowedBy(who + ": allowed once"));
        }
        if (choice.equals("s") || choice.equals(HostAsk.SESSION)) {
            session.approve(j);
            return Optional.of(Verdict.allowedBy(who + ": allowed for this session"));
        }
        j.deniedBy = (answer.isEmpty() ? who + ": no answer within " + j.policy().askTimeout().toSeconds() + " s"
                : who + ": denied");
        return Optional.empty();
    }
}
