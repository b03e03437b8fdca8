package jaudit.kernel.display;

/** The kernel's side of {@link Display}: connects the publisher and the cell class loader without giving cells a way to. */
public final class DisplayConnection {
    private DisplayConnection() {
    }

    public static void connect(DisplaySink sink) {
        Display.connect(sink);
    }

    /** Where renderers that jars on the cells' class path declare are looked up. */
    public static void useCellLoader(ClassLoader loader) {
        Renderers.useCellLoader(loader);
    }

    /** Called when the cells' class path grows, so that a new jar's renderers are found. */
    public static void classPathChanged() {
        Renderers.classPathChanged();
    }

    /** How many displays the calling thread has shown so far; see {@link #isDisplayId}. */
    public static long displaysShown() {
        return Display.shown();
    }

    /**
     * Whether a snippet's value is the very id that a display during that snippet returned (the
     * count before it was {@code shownBefore}): a cell ending in {@code display(x);} shows the
     * display, not its id, while a later cell's {@code id} still shows it.
     */
    public static boolean isDisplayId(Object value, long shownBefore) {
        return value instanceof String && Display.shown() != shownBefore && value == Display.lastId();
    }

    /** The rich part of how a cell's value is shown (empty for plain values); text/plain is the caller's. */
    public static java.util.Map<String, String> richBundle(Object value) {
        return Renderers.rich(value);
    }
}
