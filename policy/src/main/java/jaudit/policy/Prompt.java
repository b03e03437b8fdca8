package jaudit.policy;

import java.time.Duration;
import java.util.Optional;

/** Asks the person at the notebook a question (the policy's {@code ask}); empty when nobody answered in time. */
@FunctionalInterface
public interface Prompt {
    Optional<String> ask(String question, Duration timeout);
}
