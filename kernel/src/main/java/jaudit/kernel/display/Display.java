package jaudit.kernel.display;

import java.awt.image.RenderedImage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rich output for cells. Every cell has these methods imported statically, so a cell can write
 * {@code html("<b>bold</b>")} or {@code display(image)}; each call shows one output under the cell
 * (a Jupyter {@code display_data} message) while the cell keeps running.
 */
public final class Display {
    private static volatile DisplaySink sink;

    private Display() {
    }

    /** Connects the kernel's publisher; called once by the kernel, before any cell runs. */
    static void connect(DisplaySink kernelSink) {
        sink = Objects.requireNonNull(kernelSink);
    }

    /**
     * Shows a value: an image as PNG, a {@link CharSequence} as text, anything else as its
     * {@code toString()}.
     */
    public static void display(Object value) {
        publish(bundleOf(value));
    }

    /**
     * Shows data of one MIME type, for example {@code display("text/csv", csv)}. Binary types such
     * as image/png expect base64 text.
     */
    public static void display(String mimeType, String data) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put(mimeType, data);
        if (!mimeType.equals("text/plain")) {
            bundle.put("text/plain", "<" + mimeType + " output>");
        }
        publish(bundle);
    }

    /** Shows HTML. */
    public static void html(String html) {
        display("text/html", html);
    }

    /** Shows Markdown, rendered by the frontend. */
    public static void markdown(String markdown) {
        display("text/markdown", markdown);
    }

    /** Shows an SVG image given as its XML text. */
    public static void svg(String svg) {
        display("image/svg+xml", svg);
    }

    /** Shows a PNG image given as its bytes. */
    public static void png(byte[] png) {
        display("image/png", Base64.getEncoder().encodeToString(png));
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
        DisplaySink current = sink;
        if (current != null) {
            System.out.flush();
            System.err.flush();
            current.clear(wait);
        }
    }

    /** The MIME bundle for a value: what {@link #display(Object)} shows and how cell results are shown. */
    public static Map<String, String> bundleOf(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (value instanceof RenderedImage image) {
            bundle.put("image/png", Images.pngBase64(image));
            bundle.put("text/plain", "<image " + image.getWidth() + "x" + image.getHeight() + ">");
        } else {
            bundle.put("text/plain", String.valueOf(value));
        }
        return bundle;
    }

    private static void publish(Map<String, String> bundle) {
        DisplaySink current = sink;
        if (current == null) {
            throw new IllegalStateException("display is only available inside a jaudit kernel");
        }
        System.out.flush();
        System.err.flush();
        current.display(Map.copyOf(bundle));
    }
}
