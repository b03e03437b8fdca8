import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jdk.jshell.JShell;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The floors the kernel's figures are compared with, measured in a fresh JVM: JShell's own in-process
 * eval of the cells the kernel benchmark runs (first, while the JVM is cold), and a jeromq REQ/REP
 * echo on loopback. Prints one
 * "name value" line per figure (milliseconds, or kilobytes for RSS).
 */
public class Floors {
    public static void main(String[] args) throws Exception {
        jshell();
        zmqEcho();
    }

    private static void zmqEcho() {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket rep = context.createSocket(SocketType.REP);
            int port = rep.bindToRandomPort("tcp://127.0.0.1");
            Thread echo = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    byte[] m = rep.recv(0);
                    if (m == null) {
                        return;
                    }
                    rep.send(m, 0);
                }
            });
            echo.setDaemon(true);
            echo.start();
            ZMQ.Socket req = context.createSocket(SocketType.REQ);
            req.connect("tcp://127.0.0.1:" + port);
            byte[] payload = "{\"code\": \"1 + 1\"}".getBytes();
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 1050; i++) {
                long t = System.nanoTime();
                req.send(payload, 0);
                req.recv(0);
                if (i >= 50) {
                    times.add((System.nanoTime() - t) / 1e6);
                }
            }
            print("zmq_echo_median_ms", median(times));
        }
    }

    private static void jshell() {
        long start = System.nanoTime();
        JShell shell = JShell.builder().executionEngine("local").build();
        shell.eval("1 + 1");
        print("jshell_create_and_first_eval_ms", (System.nanoTime() - start) / 1e6);
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long t = System.nanoTime();
            shell.eval("1 + 1");
            warm.add((System.nanoTime() - t) / 1e6);
        }
        print("jshell_warm_eval_median_ms", median(warm));
        long cells = System.nanoTime();
        for (String cell : hundredCells()) {
            shell.eval(cell);
        }
        print("jshell_100_cells_ms", (System.nanoTime() - cells) / 1e6);
    }

    /** The same cells tools/benchmark/bench.py puts in its 100-cell notebook. */
    static List<String> hundredCells() {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            cells.add(switch (i % 4) {
                case 0 -> "int v" + i + " = " + i + " * 2;";
                case 1 -> "v" + (i - 1) + " + " + i;
                case 2 -> "String s" + i + " = \"cell " + i + "\";";
                default -> "s" + (i - 1) + ".length() + v" + (i - 3);
            });
        }
        return cells;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void print(String name, double value) {
        System.out.printf("%s %.3f%n", name, value);
    }
}
