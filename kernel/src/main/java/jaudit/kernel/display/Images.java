package jaudit.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** PNG encoding for images a cell displays or returns, entirely in memory. */
final class Images {
    private Images() {
    }

    /**
     * {@code ImageIO.write} to a byte stream caches in a file of the JVM temp dir, which a policy
     * without that dir among its roots denies; a memory-cached stream needs no file at all.
     */
    static String pngBase64(RenderedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no PNG writer");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(png)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image as PNG", e);
        } finally {
            writer.dispose();
        }
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }

    static java.util.Map<String, String> bundle(RenderedImage image) {
        return java.util.Map.of("image/png", pngBase64(image),
                "text/plain", "<image " + image.getWidth() + "x" + image.getHeight() + ">");
    }
}
