package jaudit.kernel.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jaudit.policy.AuditPolicy;
import jaudit.policy.PolicyException;

/** Reads the kernel's default policy from its kernelspec: kernel.json, {@code metadata.audit}. */
public final class PolicyFile {
    private PolicyFile() {
    }

    /**
     * The policy in {@code resourceDir/kernel.json}; the standard policy when there is no kernelspec
     * or it has no {@code metadata.audit}.
     */
    public static AuditPolicy read(ObjectMapper json, Path resourceDir, Path workingDir) throws PolicyException {
        Path home = Path.of(System.getProperty("user.home"));
        if (resourceDir == null || !Files.isRegularFile(resourceDir.resolve("kernel.json"))) {
            return AuditPolicy.standard(workingDir);
        }
        JsonNode spec;
        try {
            spec = json.readTree(resourceDir.resolve("kernel.json").toFile());
        } catch (IOException e) {
            throw new PolicyException("cannot read " + resourceDir.resolve("kernel.json") + ": " + e.getMessage());
        }
        JsonNode audit = spec.path("metadata").path("audit");
        if (audit.isMissingNode()) {
            return AuditPolicy.standard(workingDir);
        }
        if (!audit.isObject()) {
            throw new PolicyException("metadata.audit in kernel.json must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(audit, Map.class);
        return AuditPolicy.parse(map, workingDir, home);
    }

    /**
     * The policy given as JSON text, with the keys of {@code metadata.audit}: how a remote kernel,
     * which cannot read the host's kernelspec, is handed its default policy on the command line.
     */
    public static AuditPolicy parse(ObjectMapper json, String text, Path workingDir) throws PolicyException {
        JsonNode audit;
        try {
            audit = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicyException("the policy is not JSON: " + e.getOriginalMessage());
        }
        if (audit == null || !audit.isObject()) {
            throw new PolicyException("the policy must be a JSON object, as metadata.audit in kernel.json is");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(audit, Map.class);
        return AuditPolicy.parse(map, workingDir, Path.of(System.getProperty("user.home")));
    }
}
