package jaudit.kernel.display;

import java.awt.image.RenderedImage;
import java.util.Map;

/** Images ({@code BufferedImage} and every other {@link RenderedImage}) as PNG. */
public final class ImageRenderer implements Renderer {
    @Override
    public boolean handles(Object value) {
        return value instanceof RenderedImage;
    }

    @Override
    public Map<String, String> render(Object value) {
        return Images.bundle((RenderedImage) value);
    }
}
