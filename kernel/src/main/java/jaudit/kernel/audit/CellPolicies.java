package jaudit.kernel.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import jaudit.policy.AuditPolicy;
import jaudit.policy.PolicyException;
import jaudit.policy.PolicyKeys;

/**
 * The policy a cell runs under: the kernel's default (kernel.json), with the host's latest
 * {@code data}, under the keys of the request's {@code metadata.audit} (set by a host per request,
 * or forwarded from the notebook cell's own metadata), and, for an AI agent's cell, under
 * kernel.json's {@code agent} keys last of all.
 */
public final class CellPolicies {
    private final ObjectMapper json;
    private final AuditPolicy defaults;
    private final Path workingDir;
    private final Path home;
    private final HostCallbacks callbacks;

    public CellPolicies(ObjectMapper json, AuditPolicy defaults, Path workingDir, HostCallbacks callbacks) {
        this.json = json;
        this.defaults = defaults;
        this.workingDir = workingDir;
        this.home = Path.of(System.getProperty("user.home"));
        this.callbacks = callbacks;
    }

    /**
     * @param audit the request's {@code metadata.audit}, or a missing node
     * @param agent whether the cell is an AI agent's
     */
    public AuditPolicy forRequest(JsonNode audit, boolean agent) throws PolicyException {
        AuditPolicy policy = HostData.applyTo(defaults);
        boolean given = audit != null && !audit.isMissingNode() && !audit.isNull();
        if (!given && !agent) {
            return policy;
        }
        AuditPolicy merged = policy;
        if (given) {
            if (!audit.isObject()) {
                throw new PolicyException("metadata.audit must be an object of policy keys");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> keys = json.convertValue(audit, Map.class);
            if (keys.containsKey(PolicyKeys.AGENT.name())) {
                throw new PolicyException("\"" + PolicyKeys.AGENT.name() + "\" is kernel.json's alone: a request "
                        + "cannot change what bounds an agent's cells");
            }
            merged = merged.with(keys, workingDir, home);
        }
        if (agent) {
            merged = merged.with(merged.get(PolicyKeys.AGENT), workingDir, home);
        }
        callbacks.check(merged);
        AuditLog.checkWritable(merged);
        return merged;
    }

    public AuditPolicy defaults() {
        return HostData.applyTo(defaults);
    }
}
