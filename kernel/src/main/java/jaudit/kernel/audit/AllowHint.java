package jaudit.kernel.audit;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jaudit.policy.AuditEvents;
import jaudit.policy.PolicyKeys;

/** The line of a denial that says how to allow it: which policy key, and the narrowest entry for it. */
final class AllowHint {
    /**
     * Parts of a name made up afresh each run: a UUID, the digits {@code Files.createTempFile} adds.
     * Libraries extract their native code to such names (sqlite-jdbc, DuckDB, JNA), so a rule that
     * named them exactly would never match again.
     */
    private static final Pattern RANDOM_PART = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9]{8,}");
    private static final String CONFIG_FILE = "the policy (kernel.json, the request's or the cell's metadata.audit)";

    private AllowHint() {
    }

    /**
     * @param library the library class that raised the event, for a native library it loads while
     *     calls are monitored: the same line then names the rule its native methods will need
     */
    static String of(AuditEvents.Event event, List<Object> shown, Optional<String> library) {
        if (event.key() == PolicyKeys.ROOTS) {
            return "add the folder to \"roots\" in " + CONFIG_FILE;
        }
        if (event.key() == PolicyKeys.READ_ROOTS) {
            return "add the folder to \"read_roots\" in " + CONFIG_FILE;
        }
        if (event.key() == PolicyKeys.NET) {
            return "add a \"host:port\" pattern to \"net\" in " + CONFIG_FILE;
        }
        if (event.key() == PolicyKeys.MAVEN) {
            return "add the repository URL (and, if \"maven\" lists coordinates, \"" + coordinatePattern(shown)
                    + "\") to \"maven\", or add " + allowRule(event, shown) + " to \"allow\", in " + CONFIG_FILE;
        }
        if (event.key() == PolicyKeys.MONITOR_CALLS) {
            return "add {\"event\": \"native.call\", \"callee\": \"" + shown.get(1)
                    + "\"} to \"allow\", or set \"monitor_calls\": false, in " + CONFIG_FILE;
        }
        if (event.name().equals("native.load") && library.isPresent()) {
            return "add " + allowRule(event, shown) + " and, for the calls into it, {\"event\": \"native.call\", "
                    + "\"callee\": \"" + packagesOf(library.get()) + "\"} to \"allow\" in " + CONFIG_FILE;
        }
        if (event.key() == PolicyKeys.ALLOW) {
            return "add " + allowRule(event, shown) + " to \"allow\" in " + CONFIG_FILE;
        }
        return event.name().equals("audit.config") ? "no policy key allows it: cell code can never change its own policy"
                : "no policy key allows it: " + event.name() + " is kept from cells";
    }

    /**
     * A library's natives are often declared beside, not in, the class that loads them
     * (org.sqlite.SQLiteJDBCLoader loads, org.sqlite.core.NativeDB declares): its top two packages.
     */
    private static String packagesOf(String className) {
        String[] parts = className.split("\\.");
        return parts.length == 1 ? className : parts.length == 2 ? parts[0] + ".*" : parts[0] + "." + parts[1] + ".*";
    }

    private static String coordinatePattern(List<Object> shown) {
        String[] parts = String.valueOf(shown.get(0)).split(":");
        return parts.length < 2 ? String.valueOf(shown.get(0)) : parts[0] + ":" + parts[1];
    }

    /** The narrowest allow rule for the event, as JSON; null for the events no policy key allows. */
    static String rule(AuditEvents.Event event, List<Object> shown) {
        return event.key() == null ? null : allowRule(event, shown);
    }

    /** The narrowest allow rule that would let this event through, and the same event of a later run. */
    private static String allowRule(AuditEvents.Event event, List<Object> shown) {
        Object first = shown.isEmpty() ? null : shown.get(0);
        String arg = first == null ? "" : String.valueOf(first);
        if (event.name().equals("process.start")) {
            arg = arg.strip().split("\\s+")[0];
        }
        arg = RANDOM_PART.matcher(arg).replaceAll("*");
        return "{\"event\": \"" + event.name() + "\""
                + (arg.isEmpty() ? "" : ", \"args\": [\"" + arg.replace("\"", "\\\"") + "\"]") + "}";
    }
}
