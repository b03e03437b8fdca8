package jaudit.kernel.handler;

import jaudit.kernel.log.Log;
import jaudit.kernel.request.Request;
import jaudit.kernel.request.InvalidRequestException;
import jaudit.kernel.request.Subshells;
import jaudit.kernel.cell.CellRunner;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Session;

/**
 * The kernel's own requests, served on the control channel while cells run: interrupt and shutdown,
 * which act on the whole kernel, every shell included (JEP 91), and the subshells' creation,
 * deletion and listing.
 */
public final class ControlHandlers {
    private final Session session;
    private final IopubChannel iopub;
    private final CellRunner runner;
    private final Subshells subshells;
    private final Runnable shutdown;

    public ControlHandlers(Session session, IopubChannel iopub, CellRunner runner, Subshells subshells,
            Runnable shutdown) {
        this.session = session;
        this.iopub = iopub;
        this.runner = runner;
        this.subshells = subshells;
        this.shutdown = shutdown;
    }

    /** Stops the cell running on every shell. */
    public void interrupt(Request request) {
        boolean stopped = runner.interrupt();
        Log.info(stopped ? "interrupting the running cells" : "interrupt requested with no cell running");
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        request.reply(content);
    }

    public void shutdown(Request request) throws InvalidRequestException {
        boolean restart = request.flag("restart", false);
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        content.put("restart", restart);
        request.reply(content);
        iopub.publish(session.broadcast(request.message(), "shutdown_reply", content.deepCopy()));
        Log.info("shutdown requested" + (restart ? " (the client will restart the kernel)" : ""));
        shutdown.run();
    }

    public void createSubshell(Request request) {
        String id = subshells.create();
        Log.info("subshell " + id + " created");
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        content.put("subshell_id", id);
        request.reply(content);
    }

    public void deleteSubshell(Request request) throws InvalidRequestException {
        String id = request.text("subshell_id");
        if (!subshells.delete(id)) {
            request.replyError(Subshells.NOT_FOUND, Subshells.notFound(id));
            return;
        }
        Log.info("subshell " + id + " deleted");
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        request.reply(content);
    }

    public void listSubshells(Request request) {
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        ArrayNode ids = content.putArray("subshell_id");
        subshells.list().forEach(ids::add);
        request.reply(content);
    }
}
