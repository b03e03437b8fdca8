package jaudit.kernel.display;

import java.awt.image.RenderedImage;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * XChart's charts as PNG, when a cell has XChart on its class path ({@code %maven
 * org.knowm.xchart:xchart:3.8.8}). XChart is the cell's library, not the kernel's, so it is reached
 * through the chart's own class loader: every chart extends {@value #CHART}, and
 * {@code BitmapEncoder.getBufferedImage(Chart)} draws it.
 */
public final class XChartRenderer implements Renderer {
    static final String CHART = "org.knowm.xchart.internal.chartpart.Chart";
    private static final String ENCODER = "org.knowm.xchart.BitmapEncoder";

    @Override
    public boolean handles(Object value) {
        return chartClass(value) != null;
    }

    @Override
    public Map<String, String> render(Object value) {
        Class<?> chart = chartClass(value);
        try {
            Class<?> encoder = Class.forName(ENCODER, true, chart.getClassLoader());
            RenderedImage image = (RenderedImage) encoder.getMethod("getBufferedImage", chart).invoke(null, value);
            return Map.of("image/png", Images.pngBase64(image), "text/plain",
                    "<" + value.getClass().getSimpleName() + " " + image.getWidth() + "x" + image.getHeight() + ">");
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this XChart has no " + ENCODER + ".getBufferedImage(Chart)", e);
        }
    }

    private static Class<?> chartClass(Object value) {
        for (Class<?> c = value.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(CHART)) {
                return c;
            }
        }
        return null;
    }
}
