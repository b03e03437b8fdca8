package jaudit.kernel.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Class and method names as the user wrote them. JShell nests each cell's declarations in a wrapper
 * class named {@code REPL.$JShell$<n>}, and runs a cell's top-level statements in its {@code do_it$}.
 */
final class CellNames {
    private static final Pattern WRAPPER = Pattern.compile("^REPL\\.\\$JShell\\$\\d+(?:[.$]|$)");

    private CellNames() {
    }

    static String shown(String name) {
        String shown = WRAPPER.matcher(name).replaceFirst("");
        return shown.isEmpty() || shown.equals("do_it$") ? "cell" : shown;
    }

    static List<Object> shownAll(List<Object> names) {
        List<Object> shown = new ArrayList<>(names.size());
        for (Object name : names) {
            shown.add(name instanceof String s ? shown(s) : name);
        }
        return shown;
    }
}
