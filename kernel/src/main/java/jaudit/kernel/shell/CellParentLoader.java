package jaudit.kernel.shell;

import java.util.List;

/**
 * The parent of the cell class loader: the JDK, plus the few kernel classes that woven or user code
 * must reach (the interrupt checkpoint and the display API). The kernel's own dependencies stay
 * invisible, so a user's jar brings its own versions without clashing.
 */
final class CellParentLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final List<String> EXPOSED = List.of(
            "jaudit.instrument.Checkpoint", "jaudit.instrument.CellInterruptedError", "jaudit.kernel.display.");

    private final ClassLoader kernel;

    CellParentLoader(ClassLoader kernel) {
        super("jaudit-cell-parent", ClassLoader.getPlatformClassLoader());
        this.kernel = kernel;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String exposed : EXPOSED) {
            if (name.startsWith(exposed)) {
                return kernel.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }
}
