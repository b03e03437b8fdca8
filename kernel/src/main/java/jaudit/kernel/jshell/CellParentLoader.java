package jaudit.kernel.jshell;

import java.util.Set;
import jaudit.instrument.CellInterruptedError;
import jaudit.instrument.Checkpoint;
import jaudit.instrument.NativeCalls;
import jaudit.kernel.display.Display;
import jaudit.kernel.display.DisplayData;
import jaudit.kernel.display.Renderer;

/**
 * The parent of the cell class loader: the JDK, plus the few kernel classes that woven or user code
 * must reach (the interrupt checkpoint, the native-call linker and the display API). The kernel's own dependencies stay
 * invisible, so a user's jar brings its own versions without clashing.
 */
final class CellParentLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final Set<String> EXPOSED = Set.of(Checkpoint.class.getName(), CellInterruptedError.class.getName(),
            NativeCalls.class.getName(), Display.class.getName(), DisplayData.class.getName(), Renderer.class.getName(),
            CellValue.class.getName(), CellValue.Value.class.getName(), CellValue.Effect.class.getName());

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
