package jaudit.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Puts an {@code invokedynamic} linked by {@link NativeCalls#link} in front of each call from cell or
 * user-jar code to a method of a non-JDK class. Whether the target is native is only known once its
 * class is loaded, so the first run decides. The call itself stays as it was, so the JVM still
 * resolves it, reports its errors and gives caller-sensitive methods their real caller; the
 * inserted instruction takes and leaves nothing on the stack, so stack map frames stay valid.
 */
final class NativeCallSites implements ClassTransformer {

    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC,
            NativeCalls.class.getName().replace('.', '/'), "link",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/invoke/CallSite;", false);
    /** invokedynamic needs class files of Java 7 or later. */
    private static final int FIRST_INDY_VERSION = Opcodes.V1_7 & 0xFFFF;
    /** Packages whose natives are the JDK's own or the kernel's: never a native.call, so never guarded. */
    private static final String[] TRUSTED_OWNERS = {"java/", "javax/", "jdk/", "sun/", "jaudit/"};

    @Override
    public byte[] transform(String internalName, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        if (reader.readUnsignedShort(6) < FIRST_INDY_VERSION) {
            return classFile;
        }
        String className = Type.getObjectType(internalName).getClassName();
        return MethodRewriting.rewrite(classFile, (next, access, name, descriptor) ->
                new CallGuard(next, className + "." + name));
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

    private static final class CallGuard extends MethodVisitor {
        private final String caller;

        CallGuard(MethodVisitor next, String caller) {
            super(Opcodes.ASM9, next);
            this.caller = caller;
        }

        /**
         * Calls through an interface are left alone: the JVM rejects native interface methods, and
         * resolving through an interface finds no class's method but Object's.
         */
        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if ((opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL) && !isInterface
                    && monitored(owner)) {
                super.visitInvokeDynamicInsn(name, "()V", BOOTSTRAP, owner, descriptor, caller);
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }
}
