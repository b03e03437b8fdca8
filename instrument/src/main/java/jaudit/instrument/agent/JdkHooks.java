package jaudit.instrument.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jaudit.instrument.MethodRewriting;
import jaudit.instrument.agent.HookCatalog.HookSite;
import jaudit.instrument.agent.HookCatalog.RewriteSite;
import jaudit.instrument.boot.Hook;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves a call to its adapter at the entry of each JDK method that a guarded operation funnels
 * through, so every route to it (direct calls, reflection, method handles, lambdas, JDK internals,
 * any class loader) raises the same event. The hooks only add instructions at method entry (or a
 * constructor's end), which retransformation allows, and change no stack map frames.
 */
final class JdkHooks implements ClassFileTransformer {
    private final Set<String> targets;
    private final Map<String, List<HookSite>> hooksByOwner;
    private final Map<String, List<RewriteSite>> rewritesByOwner;

    JdkHooks(HookCatalog catalog) {
        this.targets = Stream.concat(catalog.hooks.stream().map(HookSite::owner),
                catalog.rewrites.stream().map(RewriteSite::owner)).collect(Collectors.toUnmodifiableSet());
        this.hooksByOwner = catalog.hooks.stream().collect(Collectors.groupingBy(HookSite::owner));
        this.rewritesByOwner = catalog.rewrites.stream().collect(Collectors.groupingBy(RewriteSite::owner));
    }

    /** The JDK classes this transformer changes, as internal names. */
    Set<String> targets() {
        return targets;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null || !targets.contains(className)) {
            return null;
        }
        try {
            return weave(classFile, hooksByOwner.getOrDefault(className, List.of()),
                    rewritesByOwner.getOrDefault(className, List.of()));
        } catch (RuntimeException | Error e) {
            AuditAgent.log("could not hook " + className + ": " + e);
            return null;
        }
    }

    static byte[] weave(byte[] classFile, List<HookSite> hooks, List<RewriteSite> rewrites) {
        return MethodRewriting.rewrite(classFile, (next, access, name, descriptor) -> {
            MethodVisitor visitor = next;
            for (RewriteSite rewrite : rewrites) {
                if (rewrite.method().equals(name)) {
                    visitor = new RewrittenCall(visitor, rewrite);
                }
            }
            for (HookSite hook : hooks) {
                if (hook.matches(name, descriptor) && (access & Opcodes.ACC_NATIVE) == 0
                        && (access & Opcodes.ACC_ABSTRACT) == 0) {
                    return new EntryCall(visitor, hook, (access & Opcodes.ACC_STATIC) != 0,
                            name.equals("<init>") && hook.takesThis(), descriptor);
                }
            }
            return visitor;
        });
    }

    private static final class RewrittenCall extends MethodVisitor {
        private final RewriteSite rewrite;

        RewrittenCall(MethodVisitor next, RewriteSite rewrite) {
            super(Opcodes.ASM9, next);
            this.rewrite = rewrite;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode != Opcodes.INVOKESTATIC && owner.equals(rewrite.callOwner()) && name.equals(rewrite.callName())
                    && descriptor.equals(rewrite.callDescriptor())) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, rewrite.adapterOwner(), rewrite.adapterName(),
                        rewrite.adapterDescriptor(), false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }
    }

    /**
     * Inserts the adapter call as the method's first instructions, or, where a constructor passes the
     * object made, before each return: until the superclass's constructor has run, {@code this}
     * cannot be passed anywhere.
     */
    private static final class EntryCall extends MethodVisitor {
        private final HookSite hook;
        private final boolean isStatic;
        private final boolean atReturn;
        private final Type[] params;

        EntryCall(MethodVisitor next, HookSite hook, boolean isStatic, boolean atReturn, String descriptor) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.isStatic = isStatic;
            this.atReturn = atReturn;
            this.params = Type.getArgumentTypes(descriptor);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (!atReturn) {
                callAdapter();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (atReturn && opcode == Opcodes.RETURN) {
                callAdapter();
            }
            super.visitInsn(opcode);
        }

        private void callAdapter() {
            for (int param : hook.args()) {
                load(param);
            }
            if (!hook.constant().isEmpty()) {
                super.visitLdcInsn(hook.constant());
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, hook.adapterOwner(), hook.adapterName(), hook.adapterDescriptor(),
                    false);
        }

        private void load(int param) {
            if (param == Hook.THIS_FIELD) {
                String[] field = hook.thisField().split(":", 2);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, hook.owner(), field[0], field[1]);
            } else if (param == Hook.THIS) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            } else {
                int slot = isStatic ? 0 : 1;
                for (int i = 0; i < param; i++) {
                    slot += params[i].getSize();
                }
                super.visitVarInsn(params[param].getOpcode(Opcodes.ILOAD), slot);
            }
        }
    }
}
