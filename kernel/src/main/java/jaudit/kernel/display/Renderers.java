package jaudit.kernel.display;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses how a value is shown: the renderers that jars on the cells' class path declare, then the
 * kernel's own, both found with {@link ServiceLoader}. The cells' list is looked up again after the
 * class path grows, lazily, on the cell's thread and so under its policy.
 */
final class Renderers {
    private static final List<Renderer> KERNEL = load(Renderers.class.getClassLoader());
    private static volatile ClassLoader cellLoader;
    private static volatile List<Renderer> cells;

    private Renderers() {
    }

    /** The loader of cell classes and of the jars added to the cells' class path. */
    static void useCellLoader(ClassLoader loader) {
        cellLoader = loader;
        cells = null;
    }

    /** Forgets the cells' renderers, so that those of a newly added jar are found. */
    static void classPathChanged() {
        cells = null;
    }

    /** The value's MIME bundle; with {@code mimeTypes}, only those types (a text value is their data). */
    static Map<String, String> bundle(Object value, String... mimeTypes) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (mimeTypes.length > 0 && value instanceof CharSequence text) {
            for (String type : mimeTypes) {
                bundle.put(type, text.toString());
            }
        } else {
            bundle.putAll(rich(value));
        }
        if (mimeTypes.length > 0) {
            bundle.keySet().retainAll(List.of(mimeTypes));
        }
        bundle.putIfAbsent("text/plain", String.valueOf(value));
        return bundle;
    }

    /** What a renderer makes of the value (a {@link DisplayData} is already made); empty when none handles it. */
    static Map<String, String> rich(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof DisplayData data) {
            return data.data();
        }
        for (Renderer renderer : cellRenderers()) {
            if (renderer.handles(value)) {
                return renderer.render(value);
            }
        }
        for (Renderer renderer : KERNEL) {
            if (renderer.handles(value)) {
                return renderer.render(value);
            }
        }
        return Map.of();
    }

    private static List<Renderer> cellRenderers() {
        List<Renderer> current = cells;
        ClassLoader loader = cellLoader;
        if (current == null) {
            current = loader == null ? List.of() : load(loader).stream()
                    .filter(r -> r.getClass().getClassLoader() != Renderers.class.getClassLoader()).toList();
            cells = current;
        }
        return current;
    }

    /** Every renderer the loader declares; a jar's broken declaration is reported and passed over. */
    private static List<Renderer> load(ClassLoader loader) {
        List<Renderer> found = new ArrayList<>();
        Iterator<Renderer> declared = ServiceLoader.load(Renderer.class, loader).iterator();
        while (true) {
            try {
                if (!declared.hasNext()) {
                    return List.copyOf(found);
                }
                found.add(declared.next());
            } catch (ServiceConfigurationError e) {
                System.err.println("jaudit: a renderer could not be loaded: " + e.getMessage());
            }
        }
    }
}
