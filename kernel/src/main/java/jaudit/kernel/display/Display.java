package jaudit.kernel.display;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Rich output for cells, with JJava's and IJava's names so their notebooks run unchanged. Every cell
 * has these methods imported statically: {@code display(chart)}, {@code display("<b>hi</b>",
 * "text/html")}, {@code html("<b>bold</b>")}. Each display shows one output under the cell (a
 * Jupyter {@code display_data} message) while the cell keeps running; its id lets a later cell
 * replace it with {@link #updateDisplay}.
 *
 * <p>A value is shown by the first {@link Renderer} that handles it: images as PNG, lists and arrays
 * of records or maps as tables, maps as two-column tables, XChart charts as PNG, and whatever
 * renderers the jars on the class path bring; anything else as its {@code toString()}.
 */
public final class Display {
    private static volatile DisplaySink sink;
    /**
     * The id the latest display on the thread returned, and how many displays it has shown, so that a
     * cell ending in {@code display(x);} does not show the id as its value; per thread, since each
     * shell's cell runs on its own. No nested type: cells compile against this class alone.
     */
    private static final ThreadLocal<String> LAST_ID = new ThreadLocal<>();
    private static final ThreadLocal<Long> SHOWN = ThreadLocal.withInitial(() -> 0L);

    private Display() {
    }

    /** Connects the kernel's publisher; called once by the kernel, before any cell runs. */
    static void connect(DisplaySink kernelSink) {
        sink = Objects.requireNonNull(kernelSink);
    }

    /**
     * Shows a value and returns the display's id.
     *
     * @param mimeTypes when given, show only these types; a text value (a {@code CharSequence}) is
     *     then the data itself, so {@code display("<b>bold</b>", "text/html")} shows bold text and
     *     {@code display(base64, "image/png")} an image
     */
    public static String display(Object value, String... mimeTypes) {
        String id = UUID.randomUUID().toString();
        Map<String, String> bundle = render(value, mimeTypes).data();
        publisher().display(bundle, id);
        LAST_ID.set(id);
        SHOWN.set(SHOWN.get() + 1);
        return id;
    }

    /** Replaces what the display {@code id} (from {@link #display}) shows, even in an earlier cell's output. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        Objects.requireNonNull(id, "the display id");
        publisher().update(render(value, mimeTypes).data(), id);
    }

    /** The value rendered as {@link #display} would show it, without showing it. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return new DisplayData(Renderers.bundle(value, mimeTypes == null ? new String[0] : mimeTypes));
    }

    /** Shows HTML and returns the display's id. */
    public static String html(String html) {
        return display(html, "text/html");
    }

    /** Shows Markdown, rendered by the frontend, and returns the display's id. */
    public static String markdown(String markdown) {
        return display(markdown, "text/markdown");
    }

    /** Shows an SVG image given as its XML text, and returns the display's id. */
    public static String svg(String svg) {
        return display(svg, "image/svg+xml");
    }

    /** Shows a PNG image given as its bytes, and returns the display's id. */
    public static String png(byte[] png) {
        return display(Base64.getEncoder().encodeToString(png), "image/png");
    }

    /** Clears the cell's output at once. */
    public static void clear() {
        clear(false);
    }

    /**
     * Clears the cell's output; with {@code wait} true the frontend clears only when the next output
     * arrives, which avoids flicker when redrawing in a loop.
     */
    public static void clear(boolean wait) {
        publisher().clear(wait);
    }

    static String lastId() {
        return LAST_ID.get();
    }

    static long shown() {
        return SHOWN.get();
    }

    private static DisplaySink publisher() {
        DisplaySink current = sink;
        if (current == null) {
            throw new IllegalStateException("display is only available inside a jaudit kernel");
        }
        System.out.flush();
        System.err.flush();
        return current;
    }
}
