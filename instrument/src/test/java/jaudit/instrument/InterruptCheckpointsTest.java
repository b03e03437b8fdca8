package jaudit.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InterruptCheckpointsTest {
    private static final Checkpoint.StopSwitch STOP = Checkpoint.claimSwitch();

    /** Code a cell might contain: loops that never block, and ordinary work that must be unchanged. */
    public static final class Spinner {
        public static long counter;

        public static void spinForever() {
            while (true) {
                counter++;
            }
        }

        public static int sumTo(int n) {
            int sum = 0;
            for (int i = 1; i <= n; i++) {
                sum += i;
            }
            return sum;
        }

        public static int classify(int v) {
            switch (v) {
                case 1: return 10;
                case 2: return 20;
                default: return v < 0 ? -1 : 0;
            }
        }
    }

    private static Class<?> woven(Class<?> original) throws IOException, ClassNotFoundException {
        String resource = original.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = original.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        byte[] rewritten = TransformerChain.standard().apply(original.getName().replace('.', '/'), bytes);
        ClassLoader loader = new ClassLoader(InterruptCheckpointsTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(original.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, rewritten, 0, rewritten.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return Class.forName(original.getName(), true, loader);
    }

    @Test
    void aRequestedStopEndsALoopThatNeverBlocks() throws Exception {
        Method spin = woven(Spinner.class).getMethod("spinForever");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                spin.invoke(null);
            } catch (InvocationTargetException e) {
                thrown.set(e.getCause());
            } catch (ReflectiveOperationException e) {
                thrown.set(e);
            }
        });
        runner.start();
        Thread.sleep(200);
        assertTrue(runner.isAlive(), "the loop should still be spinning before the stop");
        STOP.requestStop();
        try {
            runner.join(2000);
        } finally {
            STOP.clear();
        }
        assertFalse(runner.isAlive(), "the loop's thread must end within 2 s of the stop");
        assertInstanceOf(CellInterruptedError.class, thrown.get());
    }

    @Test
    void wovenCodeComputesTheSameResults() throws Exception {
        Class<?> spinner = woven(Spinner.class);
        assertEquals(5050, spinner.getMethod("sumTo", int.class).invoke(null, 100));
        assertEquals(20, spinner.getMethod("classify", int.class).invoke(null, 2));
        assertEquals(-1, spinner.getMethod("classify", int.class).invoke(null, -5));
    }

    @Test
    void theStopSwitchCanBeClaimedOnlyOnce() {
        try {
            Checkpoint.claimSwitch();
        } catch (IllegalStateException expected) {
            return;
        }
        throw new AssertionError("a second claim must fail");
    }
}
