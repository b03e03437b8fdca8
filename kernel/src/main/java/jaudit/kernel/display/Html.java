package jaudit.kernel.display;

/** Text made safe to stand in HTML output, for the kernel's own tables. */
public final class Html {
    private Html() {
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
