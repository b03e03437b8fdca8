package jaudit.policy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Judges one event against one policy: the default rules of {@link AuditEvents}. */
public final class Auditor {
    private Auditor() {
    }

    /** Why the event is denied, or empty when the policy allows it. */
    public static Optional<String> violation(AuditPolicy policy, String eventName, List<Object> args) {
        return violation(policy, eventName, args, null);
    }

    /** Why the event is denied, resolving folders through those a cell has had resolved before (null: afresh). */
    public static Optional<String> violation(AuditPolicy policy, String eventName, List<Object> args,
                                             FolderResolutions folders) {
        AuditEvents.Event event = AuditEvents.BY_NAME.get(eventName);
        if (event != null && event.changesTree()) {
            FolderResolutions.treeChanging();
        }
        if (!policy.enabled() || event == null) {
            return Optional.empty();
        }
        switch (event.rule()) {
            case PARENT_IN_ROOTS, LINK_IN_ROOTS -> {
                if (eventName.equals("file.write") && !args.isEmpty() && args.get(0) != null
                        && WriteRootRule.writeSink(String.valueOf(args.get(0)))) {
                    return Optional.empty();
                }
                for (int index : event.paths()) {
                    Object path = index < args.size() ? args.get(index) : null;
                    if (path == null || !WriteRootRule.allows(policy.roots(), String.valueOf(path), event.followsLinks(),
                            folders)) {
                        return Optional.of(path + " is outside the writable roots " + policy.roots());
                    }
                }
                if (event.rule() == AuditEvents.Rule.LINK_IN_ROOTS && (args.size() < 2 || args.get(1) == null
                        || !WriteRootRule.targetAllowed(policy.roots(), String.valueOf(args.get(0)),
                        String.valueOf(args.get(1))))) {
                    return Optional.of("the link would lead to " + (args.size() < 2 ? null : args.get(1))
                            + ", outside the writable roots " + policy.roots());
                }
                return Optional.empty();
            }
            case READ_IN_ROOTS -> {
                Object path = args.isEmpty() ? null : args.get(0);
                return path != null && ReadRootRule.allows(policy, String.valueOf(path)) ? Optional.empty()
                        : Optional.of(path + " is outside the readable roots " + policy.readRoots().orElse(List.of())
                        + " (and the writable roots " + policy.roots() + ")");
            }
            case NET_LIST -> {
                if (policy.net().isEmpty()) {
                    return Optional.empty();
                }
                String target = args.get(0) + ":" + args.get(1);
                String byAddress = args.size() > 2 ? args.get(2) + ":" + args.get(1) : target;
                for (String pattern : policy.net().get()) {
                    Pattern compiled = Glob.compile(pattern, ":");
                    if (compiled.matcher(target).matches() || compiled.matcher(byAddress).matches()) {
                        return Optional.empty();
                    }
                }
                return Optional.of(target + " matches no entry of 'net' " + policy.net().get());
            }
            case SENSITIVE_PROPERTY -> {
                String key = String.valueOf(args.get(0));
                return AuditEvents.sensitiveProperty(key)
                        ? Optional.of("'" + key + "' steers paths, security or class loading")
                        : Optional.empty();
            }
            case GUARD_TARGET -> {
                String target = String.valueOf(args.get(0));
                return AuditEvents.guardedClass(target)
                        ? Optional.of(target + " belongs to the guard") : Optional.empty();
            }
            case MAVEN_LIST -> {
                String coordinate = String.valueOf(args.get(0));
                String repository = String.valueOf(args.get(1));
                List<String> repositories = policy.maven().stream().filter(AuditEvents::repositoryEntry).toList();
                List<String> coordinates = policy.maven().stream().filter(e -> !AuditEvents.repositoryEntry(e)).toList();
                if (repositories.stream().noneMatch(r -> Glob.matches(r, repository))) {
                    return Optional.of(repository + " matches no repository of 'maven' " + policy.maven());
                }
                if (!coordinates.isEmpty() && coordinates.stream().noneMatch(c -> coordinateMatches(c, coordinate))) {
                    return Optional.of(coordinate + " matches no coordinate pattern of 'maven' " + policy.maven());
                }
                return Optional.empty();
            }
            case MONITORED_CALL -> {
                return policy.monitorCalls()
                        ? Optional.of("calls into native code outside the JDK are monitored (monitor_calls)")
                        : Optional.empty();
            }
            case KERNEL_THREAD -> {
                return Optional.of("'" + args.get(0) + "' belongs to the kernel (its channels, heartbeat, ZeroMQ, the cell "
                        + "runner) or the JDK; a cell may change only the threads it started");
            }
            case UNJUDGEABLE -> {
                return Optional.of("the JVM would do this in native code, and its arguments do not show all it would "
                        + "write, load or change");
            }
            default -> {
                return Optional.of(eventName + " is denied in audited cells");
            }
        }
    }

    /** {@code group:artifact} patterns match every version; {@code group:artifact:version} ones compare it too. */
    private static boolean coordinateMatches(String pattern, String coordinate) {
        String[] wanted = pattern.split(":");
        String[] given = coordinate.split(":");
        if (given.length < 2 || !Glob.matches(wanted[0], given[0]) || !Glob.matches(wanted[1], given[1])) {
            return false;
        }
        return wanted.length < 3 || Glob.matches(wanted[2], given[given.length - 1]);
    }

    /** The index of the first {@code allow} rule that matches the event, if any. */
    public static Optional<Integer> allowedBy(AuditPolicy policy, String eventName, List<Object> args) {
        for (int i = 0; i < policy.allow().size(); i++) {
            if (policy.allow().get(i).matches(eventName, args)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
