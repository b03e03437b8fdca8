package jaudit.instrument;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves {@link Checkpoint#check()} into every method entry and before every backward branch, the
 * only places a runaway computation must pass through. The call has no stack effect and sits before
 * the jump, so existing stack map frames stay valid and no frame recomputation (which would need
 * class loading) is required.
 */
final class InterruptCheckpoints implements ClassTransformer {

    private static final String OWNER = Checkpoint.class.getName().replace('.', '/');

    @Override
    public byte[] transform(String internalName, byte[] classFile) {
        return MethodRewriting.rewrite(classFile, (next, access, name, descriptor) ->
                (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0 ? new CheckingMethod(next) : next);
    }

    private static final class CheckingMethod extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        CheckingMethod(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                check();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            if (anySeen(dflt, labels)) {
                check();
            }
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            if (anySeen(dflt, labels)) {
                check();
            }
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private boolean anySeen(Label dflt, Label[] labels) {
            if (seen.contains(dflt)) {
                return true;
            }
            for (Label label : labels) {
                if (seen.contains(label)) {
                    return true;
                }
            }
            return false;
        }
    }
}
