package jaudit.kernel.display;

import java.util.Map;

/**
 * A rendered value: its MIME bundle, as {@link Display#render} returns it. A cell whose value is a
 * {@code DisplayData} shows the bundle, and {@link Display#display} shows it as it is.
 *
 * @param data MIME type to data (text, or base64 for binary types)
 */
public record DisplayData(Map<String, String> data) {
    public DisplayData {
        data = Map.copyOf(data);
    }

    @Override
    public String toString() {
        return data.getOrDefault("text/plain", "<" + String.join(", ", data.keySet()) + ">");
    }
}
