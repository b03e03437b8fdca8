package jaudit.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A map as a two-column table of its keys and values. */
public final class MapRenderer implements Renderer {
    @Override
    public boolean handles(Object value) {
        return value instanceof Map<?, ?> map && !map.isEmpty();
    }

    @Override
    public Map<String, String> render(Object value) {
        Map<?, ?> map = (Map<?, ?>) value;
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (rows.size() == Table.MAX_ROWS) {
                break;
            }
            rows.add(List.of(String.valueOf(entry.getKey()), String.valueOf(entry.getValue())));
        }
        return new Table(List.of("key", "value"), rows, map.size()).bundle();
    }
}
