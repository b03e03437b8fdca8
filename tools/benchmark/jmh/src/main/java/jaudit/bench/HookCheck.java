package jaudit.bench;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jaudit.instrument.BridgeHooks;
import jaudit.instrument.agent.AuditAgent;
import jaudit.kernel.audit.AuditGate;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditDeniedException;
import jaudit.policy.AuditPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One hooked JDK operation, timed with the benchmark thread inside an audited context whose policy
 * allows it and outside any context. The forks must load the kernel jar as their agent (see
 * {@link Main}), so the hooks are the ones woven into the JDK and the judge is the kernel's gate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HookCheck {

    /** A file in a temp dir that is the policy's only root, and the context in force while timing. */
    @State(Scope.Thread)
    public static class Target {
        @Param({"false", "true"})
        boolean audited;

        Path dir;
        File file;
        private Object token;

        // Thread-scoped state is set up on the benchmark thread itself, so the context entered here
        // is the one the hooks see while the benchmark runs.
        @Setup
        public void setUp() throws Throwable {
            dir = Files.createTempDirectory("jaudit-jmh-").toRealPath();
            file = Files.createFile(dir.resolve("target.txt")).toFile();
            AuditPolicy policy = AuditPolicy.parse(Map.of("roots", List.of(dir.toString())), dir,
                    Path.of(System.getProperty("user.home")));
            Object context = new AuditContext(policy, "In[1]", Thread.currentThread().getName(), 1, null);
            token = BridgeHooks.enter(Bridge.KEY, context);
            if (audited) {
                expectDenied(dir.resolveSibling(dir.getFileName() + "-outside.txt").toFile());
            } else {
                // Left at once: the bridge stays active, as in a kernel after its first cell, and
                // this thread has no context, as kernel threads outside a cell.
                BridgeHooks.leave(Bridge.KEY, token);
                token = null;
            }
        }

        @TearDown
        public void tearDown() throws Throwable {
            if (token != null) {
                BridgeHooks.leave(Bridge.KEY, token);
            }
            Files.deleteIfExists(file.toPath());
            Files.deleteIfExists(dir);
        }

        /** Proves the hook is woven and the gate judges: a write outside the root must not happen. */
        private static void expectDenied(File outside) throws IOException {
            try {
                new FileOutputStream(outside).close();
            } catch (AuditDeniedException expected) {
                return;
            }
            Files.deleteIfExists(outside.toPath());
            throw new IllegalStateException("a write outside the roots was not denied: are the hooks woven?");
        }
    }

    /**
     * The kernel's gate, installed once per JVM (the bridge refuses a second handler). The bridge is
     * called directly rather than through AuditScope, whose run(callable) would add an enter and a
     * leave to every timed operation.
     */
    static final class Bridge {
        static final Object KEY;

        static {
            if (!AuditAgent.installed()) {
                throw new IllegalStateException("the kernel jar is not this JVM's agent: run through jaudit.bench.Main");
            }
            KEY = BridgeHooks.install(new AuditGate(frame -> Optional.empty(), new jaudit.kernel.audit.HostCallbacks(),
                    new jaudit.kernel.audit.AuditLog(new com.fasterxml.jackson.databind.ObjectMapper()),
                    jaudit.kernel.audit.HostAsk.NOBODY));
        }
    }

    /** Opening for write raises file.write: the gate checks the parent against the roots. */
    @Benchmark
    public void fileWrite(Target target) throws IOException {
        new FileOutputStream(target.file).close();
    }

    /** A read-only open: the hook's fast path returns before looking at the context. */
    @Benchmark
    public void fileRead(Target target) throws IOException {
        new RandomAccessFile(target.file, "r").close();
    }
}
