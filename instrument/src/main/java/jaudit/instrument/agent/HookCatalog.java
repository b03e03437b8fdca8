package jaudit.instrument.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jaudit.instrument.boot.DiagnosticHooks;
import jaudit.instrument.boot.EventRaiser;
import jaudit.instrument.boot.FileHooks;
import jaudit.instrument.boot.Bridge;
import jaudit.instrument.boot.Hook;
import jaudit.instrument.boot.ImageHooks;
import jaudit.instrument.boot.NativeHooks;
import jaudit.instrument.boot.NetHooks;
import jaudit.instrument.boot.OpenFolderHooks;
import jaudit.instrument.boot.ProcessHooks;
import jaudit.instrument.boot.Rewrite;
import jaudit.instrument.boot.Submission;
import jaudit.instrument.boot.SystemHooks;
import jaudit.instrument.boot.TaskContexts;
import jaudit.instrument.boot.ThreadHooks;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The hooks as their adapters declare them: read from the {@link Hook} and {@link Rewrite}
 * annotations in the class files of the classes the agent defines inside java.base, so a hook
 * exists in one place and cannot be declared on one side only.
 */
final class HookCatalog {
    /** The classes defined inside java.base, in the order they are defined (each only uses earlier ones). */
    static final List<Class<?>> BOOT_CLASSES = List.of(Bridge.class, EventRaiser.class, TaskContexts.class, Submission.class,
            FileHooks.class, ProcessHooks.class, NetHooks.class, NativeHooks.class, SystemHooks.class, ThreadHooks.class,
            DiagnosticHooks.class, ImageHooks.class, OpenFolderHooks.class);
    private static final String BOOT_PACKAGE = Type.getInternalName(Bridge.class)
            .substring(0, Type.getInternalName(Bridge.class).lastIndexOf('/') + 1);
    private static final String IN_JAVA_BASE = "java/lang/Jaudit";

    /**
     * A JDK method with a call to {@code adapter} woven at its entry.
     *
     * @param args the hooked method's parameters passed, {@link Hook#THIS} and {@link Hook#THIS_FIELD} included
     * @param adapterOwner the adapter's class inside java.base
     */
    record HookSite(String owner, String method, String descriptor, List<Integer> args, String thisField,
                    String constant, int since, int until, String adapterOwner, String adapterName,
                    String adapterDescriptor) {
        /** Every overload whose descriptor starts with {@code descriptor} when it ends in '*'. */
        boolean matches(String name, String desc) {
            return method.equals(name) && (descriptor.endsWith("*")
                    ? desc.startsWith(descriptor.substring(0, descriptor.length() - 1)) : descriptor.equals(desc));
        }

        boolean inRelease(int feature) {
            return since <= feature && feature <= until;
        }

        /** Whether the adapter receives the hooked object, or a field of it. */
        boolean takesThis() {
            return args.contains(Hook.THIS) || args.contains(Hook.THIS_FIELD);
        }
    }

    /** A call inside a JDK method replaced by a call to the adapter, which has the same stack effect. */
    record RewriteSite(String owner, String method, String callOwner, String callName, String callDescriptor,
                       int since, int until, String adapterOwner, String adapterName, String adapterDescriptor) {
        boolean inRelease(int feature) {
            return since <= feature && feature <= until;
        }
    }

    final List<HookSite> hooks;
    final List<RewriteSite> rewrites;

    private HookCatalog(List<HookSite> hooks, List<RewriteSite> rewrites) {
        this.hooks = List.copyOf(hooks);
        this.rewrites = List.copyOf(rewrites);
    }

    /** The internal name a boot class has once defined inside java.base. */
    static String inJavaBase(String internalName) {
        return internalName.startsWith(BOOT_PACKAGE) ? IN_JAVA_BASE + internalName.substring(BOOT_PACKAGE.length())
                : internalName;
    }

    static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException("cannot read " + internalName);
            }
            return in.readAllBytes();
        }
    }

    static HookCatalog read() throws IOException {
        List<HookSite> hooks = new ArrayList<>();
        List<RewriteSite> rewrites = new ArrayList<>();
        for (Class<?> boot : BOOT_CLASSES) {
            String owner = inJavaBase(Type.getInternalName(boot));
            new ClassReader(classFile(Type.getInternalName(boot))).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                            return declarations(annotation, values -> {
                                if (annotation.startsWith(Type.getDescriptor(Hook.class).replace(";", ""))) {
                                    hooks.add(hookSite(values, owner, name, descriptor));
                                } else {
                                    rewrites.add(rewriteSite(values, owner, name, descriptor));
                                }
                            });
                        }
                    };
                }
            }, ClassReader.SKIP_CODE);
        }
        return new HookCatalog(hooks, rewrites);
    }

    /** Hands each declaration's values to {@code sink}, whether declared once or repeated (in a container). */
    private static AnnotationVisitor declarations(String annotation, Consumer<Map<String, Object>> sink) {
        boolean single = annotation.equals(Type.getDescriptor(Hook.class))
                || annotation.equals(Type.getDescriptor(Rewrite.class));
        boolean repeated = annotation.equals(Type.getDescriptor(Hook.All.class))
                || annotation.equals(Type.getDescriptor(Rewrite.All.class));
        if (single) {
            return new Values(sink);
        }
        if (!repeated) {
            return null;
        }
        return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitArray(String name) {
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String elementName, String descriptor) {
                        return new Values(sink);
                    }
                };
            }
        };
    }

    /** Collects one declaration's values; arrays become lists. */
    private static final class Values extends AnnotationVisitor {
        private final Map<String, Object> values = new HashMap<>();
        private final Consumer<Map<String, Object>> sink;

        Values(Consumer<Map<String, Object>> sink) {
            super(Opcodes.ASM9);
            this.sink = sink;
        }

        @Override
        public void visit(String name, Object value) {
            if (value instanceof int[] ints) {
                List<Integer> list = new ArrayList<>();
                for (int i : ints) {
                    list.add(i);
                }
                values.put(name, list);
            } else {
                values.put(name, value);
            }
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            List<Object> list = new ArrayList<>();
            values.put(name, list);
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String ignored, Object value) {
                    list.add(value);
                }
            };
        }

        @Override
        public void visitEnd() {
            sink.accept(values);
        }
    }

    @SuppressWarnings("unchecked")
    private static HookSite hookSite(Map<String, Object> v, String adapterOwner, String adapterName,
                                     String adapterDescriptor) {
        Object args = v.getOrDefault("args", List.of());
        List<Integer> params = args instanceof Integer single ? List.of(single) : List.copyOf((List<Integer>) args);
        return new HookSite((String) v.get("owner"), (String) v.get("method"), (String) v.get("descriptor"), params,
                (String) v.getOrDefault("thisField", ""), (String) v.getOrDefault("constant", ""),
                (int) v.getOrDefault("since", 17), (int) v.getOrDefault("until", Integer.MAX_VALUE), adapterOwner,
                adapterName, adapterDescriptor);
    }

    private static RewriteSite rewriteSite(Map<String, Object> v, String adapterOwner, String adapterName,
                                           String adapterDescriptor) {
        return new RewriteSite((String) v.get("owner"), (String) v.get("method"), (String) v.get("callOwner"),
                (String) v.get("callName"), (String) v.get("callDescriptor"), (int) v.getOrDefault("since", 17),
                (int) v.getOrDefault("until", Integer.MAX_VALUE), adapterOwner, adapterName, adapterDescriptor);
    }
}
