package jaudit.instrument.boot;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.util.Map;
import java.util.Properties;

/** Adapters for the JVM's shared state: standard streams, system properties, reflection, audit state. */
public final class SystemHooks {
    /** The key a sys.property event names when a change touches every property at once. */
    private static final String ALL_PROPERTIES = "*";

    private SystemHooks() {
    }

    @Hook(owner = "java/lang/System", method = "setOut", descriptor = "(Ljava/io/PrintStream;)V", constant = "out")
    @Hook(owner = "java/lang/System", method = "setErr", descriptor = "(Ljava/io/PrintStream;)V", constant = "err")
    @Hook(owner = "java/lang/System", method = "setIn", descriptor = "(Ljava/io/InputStream;)V", constant = "in")
    public static void stream(String which) {
        if (Bridge.active) {
            EventRaiser.raise("sys.stream", which);
        }
    }

    /**
     * Closing the process's own descriptors 0, 1 and 2 (through a stream a cell wrapped around
     * FileDescriptor.out, say) would cut the kernel off from its console for good.
     */
    @Hook(owner = "java/io/FileDescriptor", method = "close", descriptor = "()V", args = Hook.THIS)
    public static void descriptorClose(FileDescriptor descriptor) {
        if (Bridge.active && (descriptor == FileDescriptor.in || descriptor == FileDescriptor.out
                || descriptor == FileDescriptor.err)) {
            EventRaiser.raise("sys.stream", descriptor == FileDescriptor.in ? "close descriptor 0 (stdin)"
                    : descriptor == FileDescriptor.out ? "close descriptor 1 (stdout)" : "close descriptor 2 (stderr)");
        }
    }

    /** The JDK sets properties itself (ImageIO its font manager): only the cell's changes are judged. */
    @Hook(owner = "java/lang/System", method = "setProperty", descriptor = "(Ljava/lang/String;Ljava/lang/String;)"
            + "Ljava/lang/String;", args = {0, 1})
    @Hook(owner = "java/lang/System", method = "clearProperty", descriptor = "(Ljava/lang/String;)Ljava/lang/String;",
            args = {0, 0})
    public static void property(String key, String value) {
        if (Bridge.active && !EventRaiser.calledFromJdk(System.class)) {
            EventRaiser.raise("sys.property", key, value == key ? null : value);
        }
    }

    @Hook(owner = "java/lang/System", method = "setProperties", descriptor = "(Ljava/util/Properties;)V",
            constant = ALL_PROPERTIES)
    public static void allProperties(String allKeys) {
        if (Bridge.active && !EventRaiser.calledFromJdk(System.class)) {
            EventRaiser.raise("sys.property", allKeys, null);
        }
    }

    /** System.getProperties() hands out the live table: changing it skips setProperty. */
    @Hook(owner = "java/util/Properties", method = "put", descriptor = "(Ljava/lang/Object;Ljava/lang/Object;)"
            + "Ljava/lang/Object;", args = {Hook.THIS, 0, 1})
    @Hook(owner = "java/util/Properties", method = "remove", descriptor = "(Ljava/lang/Object;)Ljava/lang/Object;",
            args = {Hook.THIS, 0, 0})
    public static void propertiesPut(Object properties, Object key, Object value) {
        if (Bridge.active && properties == System.getProperties() && !EventRaiser.calledFromJdk(Properties.class)) {
            EventRaiser.raise("sys.property", String.valueOf(key),
                    value == null || value == key ? null : String.valueOf(value));
        }
    }

    @Hook(owner = "java/util/Properties", method = "putAll", descriptor = "(Ljava/util/Map;)V", args = {Hook.THIS, 0})
    public static void propertiesPutAll(Object properties, Map<?, ?> values) {
        if (Bridge.active && properties == System.getProperties() && values != null
                && !EventRaiser.calledFromJdk(Properties.class)) {
            for (Object key : values.keySet().toArray()) {
                EventRaiser.raise("sys.property", String.valueOf(key), String.valueOf(values.get(key)));
            }
        }
    }

    @Hook(owner = "java/util/Properties", method = "clear", descriptor = "()V", args = Hook.THIS,
            constant = ALL_PROPERTIES)
    public static void propertiesCleared(Object properties, String allKeys) {
        if (Bridge.active && properties == System.getProperties() && !EventRaiser.calledFromJdk(Properties.class)) {
            EventRaiser.raise("sys.property", allKeys, null);
        }
    }

    @Hook(owner = "java/lang/reflect/AccessibleObject", method = "setAccessible0", descriptor = "(Z)Z",
            args = {Hook.THIS, 0})
    public static void accessible(Object member, boolean flag) {
        if (flag && Bridge.active && member instanceof Member m
                && !EventRaiser.calledFromJdk(AccessibleObject.class)) {
            EventRaiser.raise("reflect.access", m.getDeclaringClass().getName());
        }
    }

    @Hook(owner = "java/lang/invoke/MethodHandles", method = "privateLookupIn", descriptor = "(Ljava/lang/Class;*",
            args = 0)
    public static void privateLookup(Class<?> target) {
        if (Bridge.active && target != null && !EventRaiser.calledFromJdk(MethodHandles.class)) {
            EventRaiser.raise("reflect.access", target.getName());
        }
    }

    /**
     * Obtaining {@code sun.misc.Unsafe} is ordinary (libraries allocate objects with it); a field
     * offset is what lets it write a field, so that is where it meets the guard's own state.
     */
    @Hook(owner = "sun/misc/Unsafe", method = "objectFieldOffset", descriptor = "(Ljava/lang/reflect/Field;)J", args = 0)
    @Hook(owner = "sun/misc/Unsafe", method = "staticFieldOffset", descriptor = "(Ljava/lang/reflect/Field;)J", args = 0)
    @Hook(owner = "sun/misc/Unsafe", method = "staticFieldBase", descriptor = "(Ljava/lang/reflect/Field;)Ljava/lang/Object;",
            args = 0)
    public static void unsafeField(Field field) {
        if (Bridge.active && field != null) {
            EventRaiser.raise("reflect.access", field.getDeclaringClass().getName());
        }
    }

    /** A change to audit state the host may make and cell code may not (see BridgeHooks.configChange). */
    public static void config(String what) {
        if (Bridge.active) {
            EventRaiser.raise("audit.config", what);
        }
    }
}
