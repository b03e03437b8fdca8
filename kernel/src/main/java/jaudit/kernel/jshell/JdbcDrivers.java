package jaudit.kernel.jshell;

import java.sql.Driver;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * {@code DriverManager} looks for JDBC drivers through {@link ServiceLoader} once, on its first use,
 * as a JVM whose class path never changes can afford to. A notebook's class path grows: a driver a
 * later {@code %maven} or {@code %jars} brings would never be found. Loading the drivers the cells'
 * jars declare registers them (each JDBC driver registers itself when its class initialises), as
 * the class path's drivers are on a plain JVM when {@code DriverManager} first looks.
 */
final class JdbcDrivers {
    private JdbcDrivers() {
    }

    /** Loads every driver the jars on {@code cells} declare; those loaded before are not loaded again. */
    static void register(ClassLoader cells) {
        Iterator<Driver> drivers = ServiceLoader.load(Driver.class, cells).iterator();
        try {
            while (drivers.hasNext()) {
                drivers.next();
            }
        } catch (RuntimeException | ServiceConfigurationError | LinkageError brokenProvider) {
            // As DriverManager itself does: a driver that cannot load leaves the others usable, and
            // the cell that connects through it gets DriverManager's own error. An interrupt passes.
        }
    }
}
