package jaudit.kernel.magic;

import java.util.LinkedHashMap;
import java.util.Map;
import jaudit.kernel.display.Html;
import jaudit.kernel.jshell.CellResult;

/** {@code %lsmagic}: every magic the kernel knows, with how to call it. */
public final class LsMagic implements Magic {
    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public String usage() {
        return "%lsmagic (lists the magics)";
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) {
        StringBuilder text = new StringBuilder("Line magics: ");
        StringBuilder html = new StringBuilder("<table><tr><th>magic</th><th>usage</th></tr>");
        text.append(String.join("  ", cell.magics().written().stream().filter(w -> !w.startsWith("%%")).toList()));
        text.append("\nCell magics: ");
        text.append(String.join("  ", cell.magics().written().stream().filter(w -> w.startsWith("%%")).toList()));
        text.append('\n');
        for (Magic magic : cell.magics().all()) {
            text.append("\n  ").append(magic.usage());
            html.append("<tr><td><code>").append(Html.escape((magic.isCell() && !magic.isLine() ? "%%" : "%") + magic.name()))
                    .append("</code></td><td>").append(Html.escape(magic.usage())).append("</td></tr>");
        }
        html.append("</table>");
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html.toString());
        bundle.put("text/plain", text.toString());
        return CellResult.of(bundle);
    }
}
