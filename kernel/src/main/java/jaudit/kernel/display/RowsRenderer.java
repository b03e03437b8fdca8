package jaudit.kernel.display;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collections and arrays of records, or of maps, as tables: a column per record component (or per
 * map key, in the order they first appear), a row per element.
 */
public final class RowsRenderer implements Renderer {
    @Override
    public boolean handles(Object value) {
        List<Object> shown = firstRows(value);
        if (shown.isEmpty()) {
            return false;
        }
        Object first = shown.get(0);
        if (first instanceof Record) {
            return shown.stream().allMatch(e -> e != null && e.getClass() == first.getClass());
        }
        return first instanceof Map && shown.stream().allMatch(Map.class::isInstance);
    }

    @Override
    public Map<String, String> render(Object value) {
        List<Object> shown = firstRows(value);
        int total = value instanceof Collection<?> c ? c.size() : ((Object[]) value).length;
        List<List<Object>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        if (shown.get(0) instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            for (RecordComponent component : components) {
                columns.add(component.getName());
                component.getAccessor().trySetAccessible();
            }
            for (Object element : shown) {
                List<Object> row = new ArrayList<>();
                for (RecordComponent component : components) {
                    row.add(read(component.getAccessor(), element));
                }
                rows.add(row);
            }
        } else {
            Set<Object> keys = new LinkedHashSet<>();
            shown.forEach(m -> keys.addAll(((Map<?, ?>) m).keySet()));
            keys.forEach(k -> columns.add(String.valueOf(k)));
            for (Object element : shown) {
                Map<?, ?> map = (Map<?, ?>) element;
                List<Object> row = new ArrayList<>();
                keys.forEach(k -> row.add(map.containsKey(k) ? map.get(k) : ""));
                rows.add(row);
            }
        }
        return new Table(columns, rows, total).bundle();
    }

    private static List<Object> firstRows(Object value) {
        List<Object> rows = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            for (Object element : collection) {
                if (rows.size() == Table.MAX_ROWS) {
                    break;
                }
                rows.add(element);
            }
        } else if (value instanceof Object[] array) {
            for (int i = 0; i < array.length && i < Table.MAX_ROWS; i++) {
                rows.add(array[i]);
            }
        }
        return rows;
    }

    private static Object read(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "<" + cause.getClass().getSimpleName() + ">";
        }
    }
}
