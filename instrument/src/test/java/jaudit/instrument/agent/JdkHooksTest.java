package jaudit.instrument.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Every hook must find its method in the JDK the tests run on: a descriptor that drifts from the
 * JDK's would leave a route unguarded without a word. The few funnels that exist only in some
 * releases are listed here, per release, so a new gap cannot hide among them.
 */
class JdkHooksTest {
    private static final int FEATURE = Runtime.version().feature();

    /** Hooks for methods this release does not have (other releases route through the ones it does). */
    private static Set<String> expectedAbsent() {
        Set<String> absent = new TreeSet<>();
        if (FEATURE < 22) {
            absent.addAll(List.of("jdk/internal/foreign/abi/AbstractLinker.downcallHandle"));
        }
        if (FEATURE < 21) {
            absent.addAll(List.of("java/util/concurrent/ForkJoinPool.poolSubmit",
                    "java/util/concurrent/ForkJoinPool.scheduleDelayedTask", "sun/nio/fs/UnixFileSystem.copy",
                    "sun/nio/fs/UnixFileSystem.move", "sun/nio/fs/UnixNativeDispatcher.utimensat"));
        } else {
            absent.addAll(List.of("java/util/concurrent/ForkJoinPool.externalPush", "sun/nio/fs/UnixCopyFile.copy",
                    "sun/nio/fs/UnixCopyFile.move"));
            if (FEATURE < 25) {
                absent.add("java/util/concurrent/ForkJoinPool.scheduleDelayedTask");
            } else {
                // Times are set through utimensat alone.
                absent.addAll(List.of("sun/nio/fs/UnixNativeDispatcher.utimes", "sun/nio/fs/UnixNativeDispatcher.lutimes"));
            }
        }
        return absent;
    }

    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Test
    void everyHookAndRewriteFindsItsMethodInThisJdk() throws IOException {
        Set<String> unmatched = new TreeSet<>();
        for (JdkHooks.Hook hook : JdkHooks.HOOKS) {
            byte[] bytes = classFile(hook.owner());
            List<String> found = new ArrayList<>();
            if (bytes != null) {
                new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                     String[] exceptions) {
                        if (hook.matches(name, descriptor) && (access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) == 0) {
                            found.add(name + descriptor);
                        }
                        return null;
                    }
                }, ClassReader.SKIP_CODE);
            }
            if (found.isEmpty()) {
                unmatched.add(hook.owner() + "." + hook.method());
            }
        }
        for (JdkHooks.CallRewrite rewrite : JdkHooks.REWRITES) {
            String woven = new String(JdkHooks.weave(classFile(rewrite.owner()), List.of(), List.of(rewrite)),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(woven.contains(rewrite.bridgeMethod()), rewrite + " found no call to replace");
        }
        assertEquals(expectedAbsent(), unmatched, "hooks that found no method on JDK " + FEATURE);
    }
}
