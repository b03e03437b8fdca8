package jaudit.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The one way jaudit rewrites a class: each method's code passes through a visitor of the caller's
 * choice, and the class is written back with the same constant pool and stack map frames. Every
 * rewrite keeps the stack effect of what it replaces, so frames never need recomputing (which would
 * load classes, from inside a class load).
 */
public final class MethodRewriting {
    private MethodRewriting() {
    }

    /** Chooses the visitor for one method; returns {@code next} to leave the method as it is. */
    @FunctionalInterface
    public interface MethodWrapper {
        MethodVisitor wrap(MethodVisitor next, int access, String name, String descriptor);
    }

    public static byte[] rewrite(byte[] classFile, MethodWrapper wrapper) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return wrapper.wrap(super.visitMethod(access, name, descriptor, signature, exceptions), access, name,
                        descriptor);
            }
        }, 0);
        return writer.toByteArray();
    }
}
