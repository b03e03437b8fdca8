package jaudit.kernel.audit;

import java.lang.reflect.Method;
import java.util.Map;
import jaudit.policy.OnCall;

/** A host's on_call that answers what the policy's data says. */
public final class ScriptedOnCall implements OnCall {
    @Override
    public Decision onCall(String caller, String callee, Method target, Object data) {
        return Decision.valueOf(String.valueOf(((Map<?, ?>) data).get("on_call")));
    }
}
