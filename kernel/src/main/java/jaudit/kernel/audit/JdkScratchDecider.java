package jaudit.kernel.audit;

import java.nio.file.Path;
import java.util.Optional;
import jaudit.policy.AuditEvents;
import jaudit.policy.CodeOrigins;
import jaudit.policy.WriteRootRule;

/**
 * After the rules: a file the JDK makes for its own scratch work (see {@link AuditEvents#JDK_SCRATCH})
 * in the JVM's temp dir is allowed under any roots, so that ordinary code such as writing an image
 * to memory is not a false alarm. Only there, and only when one of those JDK methods, not the cell,
 * is doing the writing: the cell still may not write in the temp dir by its own choice.
 */
final class JdkScratchDecider implements Decider {
    private final Path tmpdir = WriteRootRule.realPath(Path.of(System.getProperty("java.io.tmpdir")));

    @Override
    public Optional<Verdict> decide(Judgement j) {
        if (!AuditEvents.SCRATCH_EVENTS.contains(j.name()) || j.raised.isEmpty() || j.raised.get(0) == null) {
            return Optional.empty();
        }
        Path parent = WriteRootRule.realPath(Path.of(String.valueOf(j.raised.get(0)))).getParent();
        if (!tmpdir.equals(parent)) {
            return Optional.empty();
        }
        for (StackTraceElement frame : j.stack()) {
            String method = frame.getClassName() + "." + frame.getMethodName();
            if (AuditEvents.JDK_SCRATCH.contains(method)) {
                return Optional.of(Verdict.allowedBy("jdk scratch file (" + method + ")"));
            }
            if (!CodeOrigins.isJdkOrGuard(frame.getClassName())) {
                // The cell's own frame came first: whatever JDK method it called, the file is its doing.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
