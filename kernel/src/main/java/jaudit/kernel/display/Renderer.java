package jaudit.kernel.display;

import java.util.Map;

/**
 * Shows values of some kind richly. The kernel finds renderers with {@link java.util.ServiceLoader}:
 * its own, and those that jars on the cells' class path declare in
 * {@code META-INF/services/jaudit.kernel.display.Renderer}, so a library added with {@code %maven}
 * can bring one. The first renderer that {@link #handles} a value renders it, a jar's before the
 * kernel's. Renderers run under the cell's audit policy, like any cell code.
 */
public interface Renderer {
    /** Whether this renderer shows {@code value}; called for every displayed value, so keep it cheap. */
    boolean handles(Object value);

    /**
     * The MIME bundle for the value: MIME type to data, text as it is and binary types such as
     * {@code image/png} in base64. A bundle without {@code text/plain} gets the value's text.
     */
    Map<String, String> render(Object value);
}
