package jaudit.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.nio.file.Path;
import jaudit.instrument.TransformerChain;
import jaudit.kernel.magic.CellRun;
import jaudit.kernel.magic.LsMagic;
import jaudit.kernel.magic.MagicRegistry;
import jaudit.kernel.magic.TimeMagic;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditPolicy;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.MessageSigner;
import jaudit.kernel.protocol.Session;
import jaudit.kernel.protocol.WireCodec;
import jaudit.kernel.jshell.CellEvaluator;
import jaudit.kernel.jshell.CodeInsight;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A training run for the class-data-sharing archive the installer creates: it loads the classes a
 * kernel start and its first cells load (protocol, ZeroMQ, JShell and javac), so that a kernel
 * started with the archive maps them instead of loading them again.
 */
final class Warmup {
    private Warmup() {
    }

    static void run() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Session session = new Session(json);
        WireCodec codec = new WireCodec(json, new MessageSigner("hmac-sha256", "warmup"));
        Message message = session.broadcast(null, "kernel_info_request", session.object());
        codec.decode(codec.encode(message));
        try (ZContext context = new ZContext(1)) {
            for (SocketType type : List.of(SocketType.ROUTER, SocketType.XPUB, SocketType.REP)) {
                ZMQ.Socket socket = context.createSocket(type);
                socket.setLinger(0);
                socket.bindToRandomPort("tcp://127.0.0.1");
            }
        }
        CellEvaluator evaluator = CellEvaluator.start(TransformerChain.standard());
        // The first cells go the way every cell goes, through the magic layer and the renderers.
        CellRun cells = new CellRun(new MagicRegistry(List.of(new TimeMagic(), new LsMagic())), evaluator,
                new AuditContext(AuditPolicy.standard(Path.of("")), "In[1]", "warmup", 1, null),
                (cell, where, event, args) -> { });
        cells.evaluate("// a comment\nint warm = 1;\nString text = \"x\";\n%time warm++;\nwarm + text.length()");
        cells.evaluate("record P(int x) { }\nList.of(new P(1), new P(2))");
        cells.evaluate("record Q(int y) { }\nvar qs = List.of(new Q(1));\nvar qm = new HashMap<String, Q>();\n"
                + "int qn = qs.size();\nString ql = \"q\" + qn;");
        // The shapes of real cells, often enough that JDK 25's cache keeps javac's method profiles.
        cells.evaluate("List<Integer> bag = new ArrayList<>();");
        for (int round = 0; round < 20; round++) {
            StringBuilder cell = new StringBuilder();
            for (int k = 0; k < 10; k++) {
                cell.append("bag.add(").append(k).append(");\n");
                cell.append("int w").append(round).append('_').append(k).append(" = ").append(k).append(" * 2;\n");
            }
            cell.append("for (int i = 0; i < 3; i++) { bag.add(i); }\n");
            cell.append("System.out.print(\"\");\n");
            cell.append("bag.size()");
            cells.evaluate(cell.toString());
        }
        evaluator.evaluate("List.of(new P(1)).stream().map(P::x).toList()", "In[2]");
        evaluator.evaluate("Integer.parseInt(\"no\")", "In[3]");
        evaluator.evaluate("int broken = missing;", "In[4]");
        CodeInsight insight = new CodeInsight(evaluator);
        insight.complete("text.toUpp", 10);
        insight.inspect("Math.max", 8);
        insight.isComplete("class A {");
        insight.isComplete("import = 7q;");
    }
}
