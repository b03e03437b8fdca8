package jaudit.kernel.display;

/** The kernel's side of {@link Display}: connects the publisher without giving cells a way to. */
public final class DisplayConnection {
    private DisplayConnection() {
    }

    public static void connect(DisplaySink sink) {
        Display.connect(sink);
    }
}
