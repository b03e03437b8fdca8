package jaudit.kernel.shell;

import java.util.Set;

/**
 * The parent of the cell class loader: the JDK, plus the few kernel classes that woven or user code
 * must reach (the interrupt checkpoint, the native-call linker and the display API). The kernel's own dependencies stay
 * invisible, so a user's jar brings its own versions without clashing.
 */
final class CellParentLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final Set<String> EXPOSED = Set.of(
            "jaudit.instrument.Checkpoint", "jaudit.instrument.CellInterruptedError", "jaudit.instrument.NativeCalls",
            "jaudit.kernel.display.Display");

    private final ClassLoader kernel;

    CellParentLoader(ClassLoader kernel) {
        super("jaudit-cell-parent", ClassLoader.getPlatformClassLoader());
        this.kernel = kernel;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        return EXPOSED.contains(name) ? kernel.loadClass(name) : super.loadClass(name, resolve);
    }
}
