package jaudit.kernel.audit;

import java.util.List;
import java.util.Map;
import jaudit.policy.BeforeDeny;

/** A host's before_deny that does what the policy's data says: "allow", "decline" or "throw". */
public final class ScriptedBeforeDeny implements BeforeDeny {
    @Override
    public boolean allow(String event, List<Object> args, List<StackTraceElement> frames, String message, Object data) {
        Object says = ((Map<?, ?>) data).get("before_deny");
        if ("throw".equals(says)) {
            throw new IllegalStateException("before_deny was asked about " + event);
        }
        return "allow".equals(says);
    }
}
