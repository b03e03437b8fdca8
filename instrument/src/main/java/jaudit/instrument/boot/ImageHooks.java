package jaudit.instrument.boot;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * AWT's images ({@code Toolkit.getImage}, {@code ImageIcon}) are read later, on the JDK's image
 * fetcher thread, and a denial there would leave the image waiting forever (the fetcher drops the
 * error). So the read or connect an image source stands for is judged when the source is made, in
 * the code that asks for the image, as the JDK's permission checks once were; the fetch itself runs
 * under the asking cell's context too ({@link TaskContexts}).
 */
public final class ImageHooks {
    private static final String TOOLKIT = "sun/awt/SunToolkit";

    private ImageHooks() {
    }

    /** {@code Toolkit.getImage} goes through its cache first, which swallows any error making a source. */
    @Hook(owner = TOOLKIT, method = "getImageFromHash", descriptor = "(Ljava/awt/Toolkit;Ljava/lang/String;)Ljava/awt/Image;",
            args = 1)
    @Hook(owner = "sun/awt/image/FileImageSource", method = "<init>", descriptor = "(Ljava/lang/String;)V", args = 0)
    public static void fileImage(String path) {
        if (Bridge.readsAudited && Bridge.active && path != null) {
            EventRaiser.raise("file.read", path, "read");
        }
    }

    @Hook(owner = TOOLKIT, method = "getImageFromHash", descriptor = "(Ljava/awt/Toolkit;Ljava/net/URL;)Ljava/awt/Image;",
            args = 1)
    @Hook(owner = "sun/awt/image/URLImageSource", method = "<init>", descriptor = "(Ljava/net/URL;)V", args = 0)
    public static void urlImage(URL url) {
        if (Bridge.active && url != null) {
            judgeFetch(url);
        }
    }

    private static void judgeFetch(URL url) {
        switch (url.getProtocol()) {
            case "file" -> {
                if (Bridge.readsAudited) {
                    EventRaiser.raise("file.read", localPath(url), "read");
                }
            }
            case "jar" -> {
                String inner = url.getPath();
                int separator = inner.indexOf("!/");
                try {
                    judgeFetch(new URL(separator < 0 ? inner : inner.substring(0, separator)));
                } catch (java.net.MalformedURLException notAUrl) {
                    // The fetch fails to open it as well.
                }
            }
            case "http", "https", "ftp" -> EventRaiser.raise("net.connect", url.getHost(),
                    url.getPort() < 0 ? url.getDefaultPort() : url.getPort(), null);
            default -> {
                // Other schemes reach files or sockets through the hooks, on the fetcher, under the cell's context.
            }
        }
    }

    private static String localPath(URL url) {
        try {
            return new File(url.toURI()).getPath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return url.getPath();
        }
    }
}
