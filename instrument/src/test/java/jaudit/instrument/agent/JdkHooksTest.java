package jaudit.instrument.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jaudit.instrument.agent.HookCatalog.HookSite;
import jaudit.instrument.agent.HookCatalog.RewriteSite;
import jaudit.instrument.boot.EventRaiser;
import jaudit.policy.AuditEvents;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * The hooks as declared at their adapters must meet the JDK the tests run on, and the events the
 * adapters raise must be the vocabulary's: a descriptor that drifts from the JDK's, or an event
 * name the policy does not know, would leave a route unguarded without a word.
 */
class JdkHooksTest {
    private static final int FEATURE = Runtime.version().feature();

    private static byte[] jdkClass(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** The methods of {@code owner} on this JDK that the hook would weave into. */
    private static List<String> matches(HookSite hook) throws IOException {
        byte[] bytes = jdkClass(hook.owner());
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
        return found;
    }

    @Test
    void everyHookDeclaredForThisReleaseFindsItsMethodAndNoOtherDoes() throws IOException {
        HookCatalog catalog = HookCatalog.read();
        assertTrue(catalog.hooks.size() > 50, "the adapters declare " + catalog.hooks.size() + " hooks");
        Set<String> missing = new TreeSet<>();
        Set<String> presentOutsideRange = new TreeSet<>();
        for (HookSite hook : catalog.hooks) {
            boolean found = !matches(hook).isEmpty();
            String name = hook.owner() + "." + hook.method() + hook.descriptor();
            if (hook.inRelease(FEATURE) && !found) {
                missing.add(name);
            }
            if (!hook.inRelease(FEATURE) && found) {
                presentOutsideRange.add(name + " (declared for " + hook.since() + ".." + hook.until() + ")");
            }
        }
        assertEquals(Set.of(), missing, "hooks declared for JDK " + FEATURE + " that find no method");
        assertEquals(Set.of(), presentOutsideRange, "hooks whose method JDK " + FEATURE + " has after all");
    }

    @Test
    void everyRewriteForThisReleaseFindsTheCallItReplaces() throws IOException {
        for (RewriteSite rewrite : HookCatalog.read().rewrites) {
            if (!rewrite.inRelease(FEATURE)) {
                continue;
            }
            String woven = new String(JdkHooks.weave(jdkClass(rewrite.owner()), List.of(), List.of(rewrite)),
                    StandardCharsets.ISO_8859_1);
            assertTrue(woven.contains(rewrite.adapterName()), rewrite + " found no call to replace");
        }
    }

    @Test
    void everyAdapterPassesWhatItsDescriptorTakes() throws IOException {
        for (HookSite hook : HookCatalog.read().hooks) {
            int passed = hook.args().size() + (hook.constant().isEmpty() ? 0 : 1);
            assertEquals(Type.getArgumentTypes(hook.adapterDescriptor()).length, passed,
                    hook.adapterName() + " for " + hook.owner() + "." + hook.method());
            assertTrue(hook.adapterOwner().startsWith("java/lang/Jaudit"), hook.adapterOwner());
        }
    }

    /** Reads the event name each call to EventRaiser.raise passes; it must be a literal. */
    private static Set<String> raisedEvents() throws IOException, AnalyzerException {
        Set<String> events = new TreeSet<>();
        String raiser = Type.getInternalName(EventRaiser.class);
        for (Class<?> boot : HookCatalog.BOOT_CLASSES) {
            ClassNode node = new ClassNode();
            new ClassReader(HookCatalog.classFile(Type.getInternalName(boot))).accept(node, 0);
            for (MethodNode method : node.methods) {
                Frame<SourceValue>[] frames = new Analyzer<>(new SourceInterpreter()).analyze(node.name, method);
                AbstractInsnNode[] insns = method.instructions.toArray();
                for (int i = 0; i < insns.length; i++) {
                    if (insns[i] instanceof MethodInsnNode call && call.owner.equals(raiser) && call.name.equals("raise")
                            && frames[i] != null) {
                        Frame<SourceValue> frame = frames[i];
                        SourceValue event = frame.getStack(frame.getStackSize() - 2);
                        assertEquals(1, event.insns.size(), boot.getSimpleName() + "." + method.name);
                        AbstractInsnNode source = event.insns.iterator().next();
                        assertTrue(source instanceof LdcInsnNode ldc && ldc.cst instanceof String,
                                boot.getSimpleName() + "." + method.name + " raises an event that is not a literal");
                        events.add((String) ((LdcInsnNode) source).cst);
                    }
                }
            }
        }
        return events;
    }

    @Test
    void everyEventTheAdaptersRaiseIsInTheVocabulary() throws Exception {
        Set<String> raised = raisedEvents();
        assertFalse(raised.isEmpty());
        Set<String> unknown = new TreeSet<>(raised);
        unknown.removeAll(AuditEvents.BY_NAME.keySet());
        assertEquals(Set.of(), unknown, "events raised in java.base that AuditEvents does not list");
        Set<String> neverRaised = new TreeSet<>(AuditEvents.BY_NAME.keySet());
        neverRaised.removeAll(raised);
        neverRaised.removeAll(AuditEvents.RAISED_BY_KERNEL);
        assertEquals(Set.of(), neverRaised, "events in AuditEvents that nothing raises");
    }

    /** The calls in order in the woven constructor {@code owner.<init>descriptor}: owner.name of each. */
    private static List<String> callsInWovenConstructor(String owner, String descriptor) throws IOException {
        List<HookSite> hooks = HookCatalog.read().hooks.stream().filter(h -> h.owner().equals(owner)).toList();
        ClassNode node = new ClassNode();
        new ClassReader(JdkHooks.weave(jdkClass(owner), hooks, List.of())).accept(node, 0);
        MethodNode constructor = node.methods.stream()
                .filter(m -> m.name.equals("<init>") && m.desc.equals(descriptor)).findFirst().orElseThrow();
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : constructor.instructions) {
            if (insn instanceof MethodInsnNode call) {
                calls.add(call.owner + "." + call.name);
            }
        }
        return calls;
    }

    @Test
    void aConstructorHookTakingTheObjectRunsOnceItIsMadeAndOneTakingArgumentsRunsBeforeAnything() throws IOException {
        List<String> finalizer = callsInWovenConstructor("java/lang/ref/Finalizer", "(Ljava/lang/Object;)V");
        assertEquals("java/lang/ref/FinalReference.<init>", finalizer.get(0));
        assertEquals("java/lang/JauditTaskContexts.capture", finalizer.get(finalizer.size() - 1));
        List<String> imageFile = callsInWovenConstructor("sun/awt/image/FileImageSource", "(Ljava/lang/String;)V");
        assertEquals("java/lang/JauditImageHooks.fileImage", imageFile.get(0));
    }
}
