package jaudit.instrument.boot;

/**
 * Adapters for native code: every way the JDK maps a library for code outside it, and every way
 * such code gets a handle to call native functions.
 */
public final class NativeHooks {
    private static final String LINKER = "jdk/internal/foreign/abi/AbstractLinker";

    private NativeHooks() {
    }

    /** System.load and loadLibrary, for classes outside the JDK (boot and platform loaders are the JDK). */
    @Hook(owner = "java/lang/Runtime", method = "load0", descriptor = "(Ljava/lang/Class;Ljava/lang/String;)V",
            args = {0, 1})
    @Hook(owner = "java/lang/Runtime", method = "loadLibrary0", descriptor = "(Ljava/lang/Class;Ljava/lang/String;)V",
            args = {0, 1})
    public static void nativeLoad(Class<?> fromClass, String library) {
        if (Bridge.active && !EventRaiser.isJdk(fromClass)) {
            EventRaiser.raise("native.load", library);
        }
    }

    /**
     * The foreign API maps a library by name or path, and runs its initialisers, without System.load.
     * The JDK maps its own (the system lookup) through the same code, so only other callers are judged.
     */
    @Hook(owner = "java/lang/foreign/SymbolLookup", method = "libraryLookup", descriptor = "(Ljava/lang/String;*",
            args = 0, since = 22)
    @Hook(owner = "java/lang/foreign/SymbolLookup", method = "libraryLookup", descriptor = "(Ljava/nio/file/Path;*",
            args = 0, since = 22)
    public static void libraryLookup(Object library) {
        if (Bridge.active && !EventRaiser.isJdk(EventRaiser.callerOfNamed("java.lang.foreign.SymbolLookup"))) {
            EventRaiser.raise("native.load", String.valueOf(library));
        }
    }

    /**
     * The JDK's PKCS#11 and NSS providers map the library their configuration names, in native code,
     * past System.load: configuring one from a cell is loading that library.
     */
    @Hook(owner = "sun/security/pkcs11/wrapper/PKCS11", method = "<init>", descriptor = "(Ljava/lang/String;Ljava/lang/String;)V",
            args = 0)
    public static void pkcs11Module(String library) {
        if (Bridge.active) {
            EventRaiser.raise("native.load", library);
        }
    }

    @Hook(owner = "sun/security/pkcs11/Secmod", method = "initialize",
            descriptor = "(Lsun/security/pkcs11/Secmod$DbMode;Ljava/lang/String;Ljava/lang/String;Z)V", args = 2)
    public static void nssLibraries(String directory) {
        if (Bridge.active && directory != null) {
            EventRaiser.raise("native.load", directory + "/libnss3.so");
        }
    }

    /** A call from monitored code into a native method of a class outside the JDK (see NativeCalls). */
    public static void nativeCall(String caller, String callee, Object target) {
        if (Bridge.active) {
            EventRaiser.raise("native.call", caller, callee, target);
        }
    }

    /** A foreign-function downcall handle being made, for a symbol. */
    @Hook(owner = LINKER, method = "downcallHandle",
            descriptor = "(Ljava/lang/foreign/MemorySegment;Ljava/lang/foreign/FunctionDescriptor;*",
            args = {Hook.THIS, 0, 1}, since = 22)
    public static void downcall(Object linker, Object symbol, Object function) {
        if (Bridge.active) {
            Class<?> caller = EventRaiser.callerOf(linker.getClass());
            if (!EventRaiser.isJdk(caller)) {
                EventRaiser.raise("native.call", caller.getName(),
                        "downcall " + (symbol == null ? "(unbound)" : symbol) + " " + function);
            }
        }
    }

    /** A downcall handle for any address, given at each call. */
    @Hook(owner = LINKER, method = "downcallHandle", descriptor = "(Ljava/lang/foreign/FunctionDescriptor;*",
            args = {Hook.THIS, 0}, since = 22)
    public static void downcallUnbound(Object linker, Object function) {
        downcall(linker, null, function);
    }
}
