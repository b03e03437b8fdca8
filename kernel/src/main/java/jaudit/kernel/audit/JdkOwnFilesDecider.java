package jaudit.kernel.audit;

import java.nio.file.Path;
import java.util.Optional;
import jaudit.policy.AuditEvents;
import jaudit.policy.CodeOrigins;
import jaudit.policy.WriteRootRule;

/**
 * After the rules: files the JDK and the kernel's compiler use for themselves are not the cell's
 * doing. A file the JDK makes for its own work (see {@link AuditEvents#JDK_OWN_FILES}: scratch files
 * in the JVM's temp dir, the font cache and preferences under {@code ~/.java}) is allowed under any
 * roots, so that ordinary code such as writing an image to memory or reading a preference is not a
 * false alarm; only in that writer's folder, and only when that JDK code, not the cell, is doing the
 * writing, so the cell still may not write there by its own choice. A read by JShell's compiler (the
 * class path it compiles a cell against) passes {@code read_roots}.
 */
final class JdkOwnFilesDecider implements Decider {
    private final Path tmpdir = WriteRootRule.realPath(Path.of(System.getProperty("java.io.tmpdir")));
    private final Path userState = WriteRootRule.realPath(Path.of(System.getProperty("user.home"),
            AuditEvents.JDK_USER_FOLDER));

    @Override
    public Optional<Verdict> decide(Judgement j) {
        if (j.name().equals("file.read")) {
            return compilerRead(j);
        }
        if (!AuditEvents.JDK_FILE_EVENTS.contains(j.name())) {
            return Optional.empty();
        }
        for (StackTraceElement frame : j.stack()) {
            String method = frame.getClassName() + "." + frame.getMethodName();
            for (AuditEvents.JdkWriter writer : AuditEvents.JDK_OWN_FILES) {
                if (writer.wrote(method)) {
                    return inFolder(j, writer.folder()) ? Optional.of(Verdict.allowedBy(
                            (writer.folder() == AuditEvents.JdkFolder.TEMP_DIR ? "jdk scratch file (" : "jdk user state (")
                                    + method + ")")) : Optional.empty();
                }
            }
            if (!CodeOrigins.isJdkOrGuard(frame.getClassName())) {
                // The cell's own frame came first: whatever JDK method it called, the file is its doing.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether every path the event changes lies in {@code folder}. */
    private boolean inFolder(Judgement j, AuditEvents.JdkFolder folder) {
        for (int index : j.event.paths()) {
            if (index >= j.raised.size() || j.raised.get(index) == null) {
                return false;
            }
            Path file = WriteRootRule.realPath(Path.of(String.valueOf(j.raised.get(index))));
            boolean inside = folder == AuditEvents.JdkFolder.TEMP_DIR ? tmpdir.equals(file.getParent())
                    : file.startsWith(userState);
            if (!inside) {
                return false;
            }
        }
        return true;
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
