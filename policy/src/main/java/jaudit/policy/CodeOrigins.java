package jaudit.policy;

import java.util.List;

/**
 * Which classes are the JDK's and which the guard's: one list for the gate (which frame of a stack
 * is the caller's), the native-call linker and the traceback formatter. (The guard's classes
 * inside java.base, which can see none of this module, tell the JDK by class loader as
 * {@link #isJdk(Class)} does.)
 */
public final class CodeOrigins {
    private CodeOrigins() {
    }

    /** Packages of the JDK's own classes (the boot and platform loaders' modules). */
    public static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** jaudit's classes, and the guard's classes the agent defines inside java.base. */
    public static final List<String> GUARD_PACKAGES = List.of("jaudit.", "java.lang.Jaudit");

    public static boolean isJdk(String className) {
        return startsWithAny(className, JDK_PACKAGES) && !isGuard(className);
    }

    public static boolean isGuard(String className) {
        return startsWithAny(className, GUARD_PACKAGES);
    }

    /** A class of the boot or platform loader, or none at all (a stack with nothing outside the JDK). */
    public static boolean isJdk(Class<?> c) {
        return c == null || c.getClassLoader() == null || c.getClassLoader() == ClassLoader.getPlatformClassLoader();
    }

    public static boolean isJdkOrGuard(String className) {
        return startsWithAny(className, JDK_PACKAGES) || isGuard(className);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
