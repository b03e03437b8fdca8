package jaudit.kernel.audit;

import java.lang.reflect.Method;
import java.util.Optional;
import jaudit.policy.OnCall;

/** First: a native call goes to the host's {@code on_call}, which may allow it, disable its site, or pass. */
final class OnCallDecider implements Decider {
    private final HostCallbacks callbacks;

    OnCallDecider(HostCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public Optional<Verdict> decide(Judgement j) {
        if (!j.name().equals("native.call") || j.policy().onCall().isEmpty()) {
            return Optional.empty();
        }
        Method target = j.raised.size() > 2 && j.raised.get(2) instanceof Method m ? m : null;
        OnCall.Decision decision = callbacks.onCall(j.policy()).onCall(String.valueOf(j.shown.get(0)),
                String.valueOf(j.shown.get(1)), target, j.policy().data());
        if (decision == OnCall.Decision.RAISE) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(true, "on_call " + j.policy().onCall().get() + ": " + decision,
                decision == OnCall.Decision.DISABLE && target != null));
    }
}
