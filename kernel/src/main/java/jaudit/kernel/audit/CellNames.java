package jaudit.kernel.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Class and method names as the user wrote them. JShell nests each cell's declarations in a wrapper
 * class named {@code REPL.$JShell$<n>}, and runs a cell's top-level statements in its {@code do_it$}
 * (and their lambdas in {@code lambda$do_it$$<n>}).
 */
final class CellNames {
    private static final Pattern WRAPPER = Pattern.compile("^REPL\\.\\$JShell\\$\\d+(?:[.$]|$)");
    /** The top-level code of a cell: do_it$, and the lambdas written in it or closing it (CellValue's). */
    private static final Pattern TOP_LEVEL = Pattern.compile("(?:lambda\\$)?do_it\\$(?:\\$\\d+)?");

    private CellNames() {
    }

    static String shown(String name) {
        String shown = WRAPPER.matcher(name).replaceFirst("");
        return shown.isEmpty() || TOP_LEVEL.matcher(shown).matches() ? "cell" : shown;
    }

    static List<Object> shownAll(List<Object> names) {
        List<Object> shown = new ArrayList<>(names.size());
        for (Object name : names) {
            shown.add(name instanceof String s ? shown(s) : name);
        }
        return shown;
    }
}
