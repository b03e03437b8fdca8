package jaudit.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of the policy's {@code allow} list: an otherwise denied event that is allowed when its
 * name and arguments match. Each pattern is a {@link Glob}; arguments match by position, and a rule
 * with fewer patterns than the event has arguments leaves the rest free. For {@code process.start}
 * the arguments are the command's words, and the first (the program) matches by path or file name:
 * {@code {"event": "process.start", "args": ["echo"]}} allows {@code /bin/echo hi}.
 *
 * @param event the event name pattern
 * @param args patterns for the arguments, in order
 * @param caller for {@code native.call}: the caller pattern, if any
 * @param callee for {@code native.call}: the callee pattern, if any
 */
public record AllowRule(String event, List<String> args, Optional<String> caller, Optional<String> callee) {
    static final Set<String> KEYS = Set.of("event", "args", "caller", "callee");

    public AllowRule {
        args = List.copyOf(args);
    }

    static AllowRule parse(Object json, int index) throws PolicyException {
        String where = "entry " + index;
        if (!(json instanceof Map<?, ?> map)) {
            throw new PolicyException(where + " must be an object such as {\"event\": \"process.start\", \"args\": [\"echo\"]}");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new PolicyException(where + " has an unknown key '" + key + "' (known: args, callee, caller, event)");
            }
        }
        if (!(map.get("event") instanceof String event) || !AuditEvents.BY_NAME.keySet().stream()
                .anyMatch(name -> Glob.matches(event, name))) {
            throw new PolicyException(where + " needs an \"event\" naming one of the events (" + map.get("event") + ")");
        }
        List<String> args = new ArrayList<>();
        if (map.containsKey("args")) {
            if (!(map.get("args") instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new PolicyException(where + ": \"args\" must be a list of strings");
            }
            list.forEach(a -> args.add((String) a));
        }
        return new AllowRule(event, args, text(map, "caller", where), text(map, "callee", where));
    }

    private static Optional<String> text(Map<?, ?> map, String key, String where) throws PolicyException {
        Object value = map.get(key);
        if (value != null && !(value instanceof String)) {
            throw new PolicyException(where + ": \"" + key + "\" must be a string");
        }
        return Optional.ofNullable((String) value);
    }

    public boolean matches(String eventName, List<Object> arguments) {
        if (!Glob.matches(event, eventName)) {
            return false;
        }
        List<String> values = values(eventName, arguments);
        if (caller.isPresent() && !Glob.matches(caller.get(), values.isEmpty() ? null : values.get(0))) {
            return false;
        }
        if (callee.isPresent() && !Glob.matches(callee.get(), values.size() < 2 ? null : values.get(1))) {
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            String value = i < values.size() ? values.get(i) : null;
            boolean program = i == 0 && eventName.equals("process.start");
            if (!Glob.matches(args.get(i), value)
                    && !(program && value != null && Glob.matches(args.get(i), fileName(value)))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> values(String eventName, List<Object> arguments) {
        List<String> values = new ArrayList<>();
        if (eventName.equals("process.start")) {
            Object command = arguments.isEmpty() ? null : arguments.get(0);
            if (command != null) {
                values.addAll(List.of(String.valueOf(command).trim().split("\\s+")));
            }
            return values;
        }
        for (Object argument : arguments) {
            values.add(argument == null ? null : String.valueOf(argument));
        }
        return values;
    }

    private static String fileName(String program) {
        Path name = Path.of(program).getFileName();
        return name == null ? program : name.toString();
    }
}
