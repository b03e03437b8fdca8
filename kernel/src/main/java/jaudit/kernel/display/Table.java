package jaudit.kernel.display;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table as the notebook shows it: HTML with a header row, and an aligned text fallback. Long
 * tables show their first rows and say how many were left out.
 *
 * @param columns the header
 * @param rows the rows shown, each as long as the header
 * @param total how many rows the value has in all
 */
record Table(List<String> columns, List<List<Object>> rows, int total) {
    /** Rows shown at most; the rest are counted, not rendered. */
    static final int MAX_ROWS = 100;
    private static final int MAX_TEXT_WIDTH = 40;

    Map<String, String> bundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html());
        bundle.put("text/plain", text());
        return bundle;
    }

    private String note() {
        int left = total - rows.size();
        return left <= 0 ? "" : left + " more row" + (left == 1 ? "" : "s") + " not shown (" + total + " in all)";
    }

    private String html() {
        StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
        columns.forEach(c -> html.append("<th>").append(Html.escape(c)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            html.append("<tr>");
            row.forEach(v -> html.append("<td>").append(Html.escape(String.valueOf(v))).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>");
        if (!note().isEmpty()) {
            html.append("\n<p><em>").append(note()).append("</em></p>");
        }
        return html.toString();
    }

    private String text() {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns);
        for (List<Object> row : rows) {
            cells.add(row.stream().map(v -> shorten(String.valueOf(v))).toList());
        }
        int[] widths = new int[columns.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(cells.get(r).get(i), widths[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                List<String> rules = new ArrayList<>();
                for (int width : widths) {
                    rules.add("-".repeat(width));
                }
                text.append(String.join("  ", rules)).append('\n');
            }
        }
        if (!note().isEmpty()) {
            text.append(note()).append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= MAX_TEXT_WIDTH ? line : line.substring(0, MAX_TEXT_WIDTH - 3) + "...";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
