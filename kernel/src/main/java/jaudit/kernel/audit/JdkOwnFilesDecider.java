package jaudit.kernel.audit;

import java.nio.file.Path;
import java.util.Optional;
import jaudit.policy.AuditEvents;
import jaudit.policy.CodeOrigins;
import jaudit.policy.WriteRootRule;

/**
 * After the rules: files the JDK and the kernel's compiler use for themselves are not the cell's
 * doing. A file the JDK makes for its own scratch work (see {@link AuditEvents#JDK_SCRATCH}) in the
 * JVM's temp dir is allowed under any roots, so that ordinary code such as writing an image to
 * memory is not a false alarm; only there, and only when one of those JDK methods, not the cell, is
 * doing the writing, so the cell still may not write in the temp dir by its own choice. A read by
 * JShell's compiler (the class path it compiles a cell against) passes {@code read_roots}.
 */
final class JdkOwnFilesDecider implements Decider {
    private final Path tmpdir = WriteRootRule.realPath(Path.of(System.getProperty("java.io.tmpdir")));
    private final Path fontCache = WriteRootRule.realPath(Path.of(System.getProperty("user.home"),
            AuditEvents.FONT_CACHE));

    @Override
    public Optional<Verdict> decide(Judgement j) {
        if (j.name().equals("file.read")) {
            return compilerRead(j);
        }
        if (!AuditEvents.SCRATCH_EVENTS.contains(j.name())) {
            return Optional.empty();
        }
        for (int index : j.event.paths()) {
            if (index >= j.raised.size() || j.raised.get(index) == null || !inScratchFolder(j.raised.get(index))) {
                return Optional.empty();
            }
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

    private boolean inScratchFolder(Object path) {
        Path file = WriteRootRule.realPath(Path.of(String.valueOf(path)));
        return tmpdir.equals(file.getParent()) || file.startsWith(fontCache);
    }

    /** Whether JShell's compiler, and not code of the cell's (which JShell also runs), is reading. */
    private static Optional<Verdict> compilerRead(Judgement j) {
        for (StackTraceElement frame : j.stack()) {
            for (String compiler : AuditEvents.COMPILER_PACKAGES) {
                if (frame.getClassName().startsWith(compiler)) {
                    return Optional.of(Verdict.WITHIN_RULES);
                }
            }
            if (!CodeOrigins.isJdkOrGuard(frame.getClassName())) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
