package jaudit.kernel.audit;

import java.util.List;
import java.util.Optional;

/** The host's {@code before_deny} callback: it sees the denial about to happen and may allow it. */
final class BeforeDenyDecider implements Decider {
    private final HostCallbacks callbacks;

    BeforeDenyDecider(HostCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public Optional<Verdict> decide(Judgement j) {
        if (!j.event.negotiable() || j.policy().beforeDeny().isEmpty()) {
            return Optional.empty();
        }
        String callback = "before_deny " + j.policy().beforeDeny().get();
        boolean allowed;
        try {
            allowed = callbacks.beforeDeny(j.policy()).allow(j.name(), j.shown, List.of(j.framesOutsideGuard()),
                    j.message(), j.policy().data());
        } catch (RuntimeException | Error e) {
            throw new CallbackFailure(callback + " threw " + e, e);
        }
        if (allowed) {
            return Optional.of(Verdict.allowedBy(callback));
        }
        j.deniedBy = "rule, " + callback + " declined";
        return Optional.empty();
    }

    /** A callback that threw: the gate records it and the cell sees the callback's own exception. */
    static final class CallbackFailure extends RuntimeException {
        CallbackFailure(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
