package jaudit.kernel.audit;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jaudit.policy.AuditPolicy;
import jaudit.policy.BeforeDeny;
import jaudit.policy.OnCall;
import jaudit.policy.PolicyException;

/**
 * The host's callbacks, loaded from the policy's {@code host_classpath} in a class loader of their
 * own (whose parent sees the policy API), one instance per class path and class name.
 */
public final class HostCallbacks {
    private final Map<List<Path>, ClassLoader> loaders = new ConcurrentHashMap<>();
    private final Map<Callback, Object> instances = new ConcurrentHashMap<>();

    /** One callback class on one class path. */
    private record Callback(List<Path> classpath, String name) {
    }

    /** Loads every callback the policy names, so a bad name fails the request that set it, naming the key. */
    public void check(AuditPolicy policy) throws PolicyException {
        if (policy.beforeDeny().isPresent()) {
            load(policy, "before_deny", policy.beforeDeny().get(), BeforeDeny.class);
        }
        if (policy.onCall().isPresent()) {
            load(policy, "on_call", policy.onCall().get(), OnCall.class);
        }
    }

    BeforeDeny beforeDeny(AuditPolicy policy) {
        return loaded(policy, "before_deny", policy.beforeDeny().orElseThrow(), BeforeDeny.class);
    }

    OnCall onCall(AuditPolicy policy) {
        return loaded(policy, "on_call", policy.onCall().orElseThrow(), OnCall.class);
    }

    private <T> T loaded(AuditPolicy policy, String key, String name, Class<T> type) {
        try {
            return load(policy, key, name, type);
        } catch (PolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private <T> T load(AuditPolicy policy, String key, String name, Class<T> type) throws PolicyException {
        Callback id = new Callback(policy.hostClasspath(), name);
        Object instance = instances.get(id);
        if (instance == null) {
            ClassLoader loader = loaders.computeIfAbsent(policy.hostClasspath(), HostCallbacks::loaderFor);
            try {
                Class<?> c = Class.forName(name, true, loader);
                if (!type.isAssignableFrom(c)) {
                    throw new PolicyException("'" + key + "' class " + name + " does not implement " + type.getName());
                }
                instance = c.getConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw new PolicyException("'" + key + "' class " + name + " is not on 'host_classpath' "
                        + policy.hostClasspath());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new PolicyException("'" + key + "' class " + name + " cannot be made: " + e);
            }
            instances.putIfAbsent(id, instance);
            instance = instances.get(id);
        }
        return type.cast(instance);
    }

    private static ClassLoader loaderFor(List<Path> classpath) {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(classpath.get(i) + " is not a usable path", e);
            }
        }
        return new URLClassLoader("jaudit-host", urls, BeforeDeny.class.getClassLoader());
    }
}
