package jaudit.kernel.jshell;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jaudit.instrument.TransformerChain;

/**
 * Defines the classes of cells and of jars the user adds. Every class's bytes pass through the
 * instrument module's transformer chain right before definition: this is the one door by which
 * user code enters the JVM.
 */
final class CellClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final Map<String, ProtectionDomain> domains = new ConcurrentHashMap<>();
    private final TransformerChain chain;

    CellClassLoader(ClassLoader parent, TransformerChain chain) {
        super("jaudit-cells", new URL[0], parent);
        this.chain = chain;
    }

    /** Makes the bytes of a class JShell compiled available for the next load of that name. */
    void declare(String name, byte[] bytes) {
        declared.put(name, bytes);
    }

    /** The name of a class JShell compiled whose binary name ends so, if there is one. */
    Optional<String> declaredNameEndingWith(String suffix) {
        return declared.keySet().stream().filter(name -> name.endsWith(suffix)).findFirst();
    }

    void addJar(URL url) {
        addURL(url);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        ProtectionDomain domain = null;
        if (bytes == null) {
            URL resource = findResource(name.replace('.', '/') + ".class");
            if (resource == null) {
                throw new ClassNotFoundException(name);
            }
            bytes = read(resource, name);
            domain = domainOf(resource);
        }
        byte[] woven = chain.apply(name.replace('.', '/'), bytes);
        return defineClass(name, woven, 0, woven.length, domain);
    }

    private static byte[] read(URL resource, String name) throws ClassNotFoundException {
        try (InputStream in = resource.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /** Classes from one jar share a protection domain whose code source is that jar, as with URLClassLoader. */
    private ProtectionDomain domainOf(URL resource) {
        String text = resource.toString();
        String base = text.startsWith("jar:") && text.contains("!/")
                ? text.substring(4, text.indexOf("!/")) : text;
        return domains.computeIfAbsent(base, b -> {
            try {
                return new ProtectionDomain(new CodeSource(new URL(b), (CodeSigner[]) null), null, this, null);
            } catch (MalformedURLException e) {
                return null;
            }
        });
    }
}
