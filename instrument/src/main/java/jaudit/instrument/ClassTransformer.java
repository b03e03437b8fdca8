package jaudit.instrument;

/**
 * One step of the rewriting that every class defined by the kernel's cell class loader goes through.
 */
@FunctionalInterface
public interface ClassTransformer {

    /**
     * Rewrites one class file.
     *
     * @param internalName the class's internal name, for example {@code REPL/$JShell$12}
     * @param classFile the class file bytes, as produced by the previous transformer
     * @return the rewritten bytes, or {@code classFile} itself when nothing changes
     */
    byte[] transform(String internalName, byte[] classFile);
}
