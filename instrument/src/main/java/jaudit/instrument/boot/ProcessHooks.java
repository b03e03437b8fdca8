package jaudit.instrument.boot;

/** Adapters for starting and killing processes, the desktop's launches, and the JVM's exit. */
public final class ProcessHooks {
    private ProcessHooks() {
    }

    @Hook(owner = "java/lang/ProcessImpl", method = "start",
            descriptor = "([Ljava/lang/String;Ljava/util/Map;Ljava/lang/String;*", args = {0, 2})
    public static void processStart(String[] command, String directory) {
        if (Bridge.active) {
            EventRaiser.raise("process.start", command == null ? null : String.join(" ", command), directory);
        }
    }

    @Hook(owner = "java/lang/ProcessHandleImpl", method = "destroyProcess", descriptor = "(Z)Z", args = Hook.THIS)
    public static void processKill(Object processHandle) {
        if (Bridge.active) {
            EventRaiser.raise("process.kill", processHandle instanceof ProcessHandle h ? h.pid() : processHandle);
        }
    }

    /** The desktop opens files and links through the desktop environment, never through ProcessImpl. */
    @Hook(owner = "java/awt/Desktop", method = "open", descriptor = "(Ljava/io/File;)V", args = 0, constant = "open")
    @Hook(owner = "java/awt/Desktop", method = "edit", descriptor = "(Ljava/io/File;)V", args = 0, constant = "edit")
    @Hook(owner = "java/awt/Desktop", method = "print", descriptor = "(Ljava/io/File;)V", args = 0, constant = "print")
    @Hook(owner = "java/awt/Desktop", method = "browse", descriptor = "(Ljava/net/URI;)V", args = 0, constant = "browse")
    @Hook(owner = "java/awt/Desktop", method = "mail", descriptor = "(Ljava/net/URI;)V", args = 0, constant = "mail")
    public static void desktop(Object target, String action) {
        if (Bridge.active) {
            EventRaiser.raise("process.start", "desktop " + action + " " + target, null);
        }
    }

    @Hook(owner = "java/lang/Runtime", method = "exit", descriptor = "(I)V", args = 0)
    @Hook(owner = "java/lang/Runtime", method = "halt", descriptor = "(I)V", args = 0)
    public static void exit(int status) {
        if (Bridge.active) {
            EventRaiser.raise("runtime.exit", status);
        }
    }

    /**
     * Raising a signal at the kernel's own process ends it as exit would, after exit was refused;
     * replacing a handler takes the kernel's (SIGINT interrupts the cell) or the JVM's (TERM, HUP).
     */
    @Hook(owner = "sun/misc/Signal", method = "raise", descriptor = "(Lsun/misc/Signal;)V", args = 0, constant = "raise")
    @Hook(owner = "sun/misc/Signal", method = "handle",
            descriptor = "(Lsun/misc/Signal;Lsun/misc/SignalHandler;)Lsun/misc/SignalHandler;", args = 0,
            constant = "handle")
    public static void signal(Object signal, String action) {
        if (Bridge.active) {
            EventRaiser.raise("runtime.signal", String.valueOf(signal), action);
        }
    }
}
