package jaudit.kernel.jshell;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
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
 *
 * <p>Its parent is the application class loader, but only so that {@link java.util.ServiceLoader},
 * which walks a loader's parents for the JDK modules defined to each, finds the providers of the
 * JDK's tool modules (JShell's execution engines, javac) from the cell loader as it does from the
 * class path's loader in a plain JVM. Classes and resources come from the platform loader, which
 * reaches every JDK module and nothing of the kernel's class path.
 */
final class CellParentLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final Set<String> EXPOSED = Set.of(Checkpoint.class.getName(), CellInterruptedError.class.getName(),
            NativeCalls.class.getName(), Display.class.getName(), DisplayData.class.getName(), Renderer.class.getName(),
            CellValue.class.getName(), CellValue.Value.class.getName(), CellValue.Effect.class.getName());

    private final ClassLoader kernel;
    private final ClassLoader jdk = ClassLoader.getPlatformClassLoader();

    CellParentLoader(ClassLoader kernel) {
        super("jaudit-cell-parent", ClassLoader.getSystemClassLoader());
        this.kernel = kernel;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        return EXPOSED.contains(name) ? kernel.loadClass(name) : jdk.loadClass(name);
    }

    @Override
    public URL getResource(String name) {
        return jdk.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return jdk.getResources(name);
    }
}
