package jaudit.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Turns each call from cell or user-jar code to a method of a non-JDK class into an
 * {@code invokedynamic} linked by {@link NativeCalls#link}. Whether the target is native is only
 * known once its class is loaded, so the first call decides: a Java target is linked directly and
 * costs nothing afterwards; a native one gets the {@code native.call} check in front. The
 * replacement has the same stack effect as the call it replaces, so stack map frames stay valid.
 */
final class NativeCallSites implements ClassTransformer {

    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC,
            NativeCalls.class.getName().replace('.', '/'), "link",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/String;ILjava/lang/String;)Ljava/lang/invoke/CallSite;", false);
    /** invokedynamic needs class files of Java 7 or later. */
    private static final int FIRST_INDY_VERSION = Opcodes.V1_7 & 0xFFFF;
    /** Packages whose natives are the JDK's own or the kernel's: never a native.call, so never rewritten. */
    private static final String[] TRUSTED_OWNERS = {"java/", "javax/", "jdk/", "sun/", "jaudit/"};

    @Override
    public byte[] transform(String internalName, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        if (reader.readUnsignedShort(6) < FIRST_INDY_VERSION) {
            return classFile;
        }
        String className = Type.getObjectType(internalName).getClassName();
        return MethodRewriting.rewrite(classFile, (next, access, name, descriptor) ->
                new CallRewriter(next, className + "." + name));
    }

    static boolean monitored(String owner) {
        if (owner.startsWith("[")) {
            return false;
        }
        for (String trusted : TRUSTED_OWNERS) {
            if (owner.startsWith(trusted)) {
                return false;
            }
        }
        return true;
    }

    private static final class CallRewriter extends MethodVisitor {
        private final String caller;

        CallRewriter(MethodVisitor next, String caller) {
            super(Opcodes.ASM9, next);
            this.caller = caller;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESPECIAL || !monitored(owner)) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            String siteType = opcode == Opcodes.INVOKESTATIC ? descriptor
                    : "(" + Type.getObjectType(owner).getDescriptor() + descriptor.substring(1);
            super.visitInvokeDynamicInsn(name, siteType, BOOTSTRAP, owner, opcode, caller);
        }
    }
}
