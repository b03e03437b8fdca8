package jaudit.kernel.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import jaudit.kernel.protocol.Channel;

/**
 * The shells of the kernel (JEP 91): the main shell, and the subshells clients create and delete on
 * the control channel. Each has its own queue and thread, so that a subshell's request is served
 * while the main shell's cell runs; within a shell, requests keep their order.
 */
public final class Subshells {
    private final Function<String, ShellHandlers> shellFor;
    private BiConsumer<Channel.Received, ShellQueue> serve;
    private ShellQueue main;
    /** In the order they were created, which list_subshell_reply keeps. */
    private final Map<String, ShellQueue> children = new LinkedHashMap<>();

    /** @param shellFor the handlers of a new shell, given its subshell id (null: the main shell) */
    public Subshells(Function<String, ShellHandlers> shellFor) {
        this.shellFor = shellFor;
    }

    /** The error a request for a subshell that does not exist is answered with. */
    public static final String NOT_FOUND = "SubshellNotFound";

    /** The first eight characters of a subshell's id, which name its cells and its thread. */
    public static String shortId(String subshellId) {
        return subshellId.length() > 8 ? subshellId.substring(0, 8) : subshellId;
    }

    /** Why a request for {@code id} is refused. */
    public static String notFound(String id) {
        return "no subshell '" + id + "' in this kernel (deleted, or never created: create_subshell_request"
                + " on control makes one)";
    }

    /** Starts the main shell; called once, by the shell channel that serves the requests. */
    synchronized void start(BiConsumer<Channel.Received, ShellQueue> serve) {
        this.serve = serve;
        main = new ShellQueue("jaudit-shell-queue", shellFor.apply(null), serve);
    }

    /** A new subshell, ready for requests; its id. */
    public synchronized String create() {
        if (serve == null) {
            throw new IllegalStateException("the shell channel has not started");
        }
        String id = UUID.randomUUID().toString();
        children.put(id, new ShellQueue("jaudit-subshell-" + shortId(id), shellFor.apply(id), serve));
        return id;
    }

    /**
     * Deletes a subshell: requests for it are refused from now on, those it holds are still answered,
     * and its thread ends after them. False when there is no such subshell.
     */
    public synchronized boolean delete(String id) {
        ShellQueue queue = children.remove(id);
        if (queue == null) {
            return false;
        }
        queue.close();
        return true;
    }

    /** The subshells' ids, oldest first; the main shell is not one of them. */
    public synchronized List<String> list() {
        return new ArrayList<>(children.keySet());
    }

    /** The queue of the shell a request is for; null when its subshell does not exist. */
    synchronized ShellQueue of(String subshellId) {
        return subshellId == null ? main : children.get(subshellId);
    }

    synchronized ShellQueue main() {
        return main;
    }
}
