package jaudit.kernel.handler;

import jaudit.kernel.log.Log;
import jaudit.kernel.request.Request;
import jaudit.kernel.request.InvalidRequestException;
import jaudit.kernel.cell.CellRunner;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Session;

/** interrupt_request and shutdown_request, served on the control channel while a cell may be running. */
public final class ControlHandlers {
    private final Session session;
    private final IopubChannel iopub;
    private final CellRunner runner;
    private final Runnable shutdown;

    public ControlHandlers(Session session, IopubChannel iopub, CellRunner runner, Runnable shutdown) {
        this.session = session;
        this.iopub = iopub;
        this.runner = runner;
        this.shutdown = shutdown;
    }

    public void interrupt(Request request) {
        boolean stopped = runner.interrupt();
        Log.info(stopped ? "interrupting the running cell" : "interrupt requested with no cell running");
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
}
