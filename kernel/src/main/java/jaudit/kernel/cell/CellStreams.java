package jaudit.kernel.cell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import jaudit.policy.AuditContext;
import jaudit.policy.Prompt;
import jaudit.instrument.CellInterruptedError;
import jaudit.kernel.display.DisplaySink;
import jaudit.kernel.io.CellInput;
import jaudit.kernel.io.NotebookPrintStream;
import jaudit.kernel.io.OutputCapture;
import jaudit.kernel.io.StdinNotAllowedException;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;
import jaudit.kernel.protocol.StdinChannel;

/**
 * The process's standard streams, pointed at the notebook: {@code System.out} and {@code System.err}
 * become stream messages parented to the request whose cell the writing thread belongs to (the
 * cell's thread, and the threads and tasks it started, which carry its audit context, even after the
 * cell has ended); the kernel's own threads write to the request of the cell that started last, on
 * any shell. {@code System.in} asks the frontend for input, on the request of the reading thread's cell.
 */
public final class CellStreams {
    private final Session session;
    private final IopubChannel iopub;
    private final StdinChannel stdin;
    private final CellRunner runner;
    private final OutputCapture output;
    private final CellInput input;
    /** The cell that started last, on any shell: the kernel's own threads write to its request. */
    private volatile Turn last;
    /** Each cell's turn, by the cell's audit context; weak, so a context no thread holds goes. */
    private final Map<AuditContext, Turn> turns = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * One cell's hold on the streams, from {@link #enter} to {@link #leave}: the request its output
     * answers, and whether it may still ask for input (only while it runs, and when its request allows).
     */
    public static final class Turn {
        private final Message request;
        private volatile boolean allowStdin;

        private Turn(Message request, boolean allowStdin) {
            this.request = request;
            this.allowStdin = allowStdin;
        }

        public Message request() {
            return request;
        }
    }
    private volatile Supplier<Optional<AuditContext>> contexts = Optional::empty;

    public CellStreams(Session session, IopubChannel iopub, StdinChannel stdin, CellRunner runner) {
        this.session = session;
        this.iopub = iopub;
        this.stdin = stdin;
        this.runner = runner;
        this.output = new OutputCapture(this::requestHere, (owner, name, text) -> publish((Message) owner, name, text));
        this.input = new CellInput(this::readLine, () -> turnOf(contexts.get().orElse(null)));
    }

    /** Replaces System.out, System.err and System.in for the life of the kernel. */
    public void install() {
        System.setOut(new NotebookPrintStream(output.stream("stdout")));
        System.setErr(new NotebookPrintStream(output.stream("stderr")));
        System.setIn(input);
    }

    /** Where the calling thread's audit context comes from: set once the kernel has its audit scope. */
    public void followContexts(Supplier<Optional<AuditContext>> current) {
        contexts = current;
    }

    /** Makes {@code turn} the one that the output and input of {@code context}'s threads belong to. */
    public void bind(AuditContext context, Turn turn) {
        turns.put(context, turn);
    }

    /** The request the calling thread's output answers: its cell's, else the one running or run last. */
    public Message requestHere() {
        return requestOf(contexts.get().orElse(null));
    }

    /** The request of the cell whose context this is; the one that started last when there is none. */
    public Message requestOf(AuditContext context) {
        Turn turn = turnOf(context);
        return turn == null ? null : turn.request;
    }

    private Turn turnOf(AuditContext context) {
        Turn turn = context == null ? null : turns.get(context);
        return turn != null ? turn : last;
    }

    /** A cell of {@code request} starts, with input of its own. */
    public Turn enter(Message request, boolean allowInput) {
        Turn turn = new Turn(request, allowInput);
        last = turn;
        return turn;
    }

    /** Ends the cell's hold on stdin; output from its threads still goes to its request. */
    public void leave(Turn turn) {
        flush();
        turn.allowStdin = false;
    }

    public void flush() {
        System.out.flush();
        System.err.flush();
        output.flush();
    }

    /** display() and clear() from cells: display_data and clear_output, parented like stream output. */
    public DisplaySink displaySink() {
        return new DisplaySink() {
            @Override
            public void display(Map<String, String> bundle, String displayId) {
                publishDisplay("display_data", bundle, displayId);
            }

            @Override
            public void update(Map<String, String> bundle, String displayId) {
                publishDisplay("update_display_data", bundle, displayId);
            }

            @Override
            public void clear(boolean wait) {
                flush();
                ObjectNode content = session.object();
                content.put("wait", wait);
                iopub.publish(session.broadcast(requestHere(), "clear_output", content));
            }
        };
    }

    private void publishDisplay(String type, Map<String, String> bundle, String displayId) {
        flush();
        ObjectNode content = session.object();
        content.set("data", session.json().valueToTree(bundle));
        content.putObject("metadata");
        content.putObject("transient").put("display_id", displayId);
        iopub.publish(session.broadcast(requestHere(), type, content));
    }

    private void publish(Message request, String name, String text) {
        ObjectNode content = session.object();
        content.put("name", name);
        content.put("text", text);
        iopub.publish(session.broadcast(request, "stream", content));
    }

    /**
     * Asks the person at the notebook (the audit policy's {@code ask}) through an input_request of the
     * cell's own request; empty once the cell has ended, when the answer does not come in time, or
     * when the cell is interrupted.
     */
    public Prompt prompt(Turn turn) {
        return (question, timeout) -> {
            if (!turn.allowStdin) {
                return Optional.empty();
            }
            flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            return Optional.ofNullable(stdin.ask(turn.request, question, false,
                    () -> runner.stopRequestedHere() || System.nanoTime() - deadline > 0));
        };
    }

    private String readLine() {
        Turn turn = turnOf(contexts.get().orElse(null));
        if (turn == null || !turn.allowStdin) {
            throw new StdinNotAllowedException();
        }
        flush();
        String line = stdin.ask(turn.request, "", false, runner::stopRequestedHere);
        if (line == null) {
            throw new CellInterruptedError();
        }
        return line;
    }
}
