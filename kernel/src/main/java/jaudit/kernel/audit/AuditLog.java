package jaudit.kernel.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jaudit.kernel.log.Log;
import jaudit.policy.AuditContext;
import jaudit.policy.AuditPolicy;
import jaudit.policy.PolicyException;

/**
 * The record of denials, approvals and host-callback decisions: appended as one JSON line per record
 * to the policy's {@code log} file, written and flushed before the decision takes effect (so a cell
 * that fails or is interrupted has its record), one writer at a time. The most recent records are
 * also kept for {@code %audit}.
 */
public final class AuditLog {
    private static final int KEPT = 200;
    private final ObjectMapper json;
    private final Map<Path, OutputStream> files = new HashMap<>();
    private final ArrayDeque<ObjectNode> recent = new ArrayDeque<>();

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    synchronized void record(AuditContext context, String event, List<Object> args, String frame, String decision,
                             String decidedBy) {
        ObjectNode record = json.createObjectNode();
        record.put("time", Instant.now().toString());
        record.put("cell", context.cell());
        record.put("shell", context.shell());
        record.put("origin", context.origin());
        record.put("thread", Thread.currentThread().getName());
        record.put("event", event);
        ArrayNode values = record.putArray("args");
        for (Object arg : args) {
            if (arg == null) {
                values.addNull();
            } else if (arg instanceof Number n) {
                values.add(n.longValue());
            } else {
                values.add(String.valueOf(arg));
            }
        }
        record.put("frame", frame);
        record.put("decision", decision);
        record.put("by", decidedBy);
        recent.addLast(record);
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        if (context.policy().log().isPresent()) {
            append(context.policy().log().get(), record);
        }
    }

    private void append(Path file, ObjectNode record) {
        try {
            OutputStream out = files.get(file);
            if (out == null) {
                out = new FileOutputStream(file.toFile(), true);
                files.put(file, out);
            }
            out.write((json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            Log.warn("cannot append to the audit log " + file + ": " + e.getMessage());
        }
    }

    /**
     * Makes sure the policy's log can be appended to (creating its folder), so that a log that cannot
     * be written is refused with the policy rather than losing records later.
     */
    public static void checkWritable(AuditPolicy policy) throws PolicyException {
        if (policy.log().isEmpty()) {
            return;
        }
        Path file = policy.log().get();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            new FileOutputStream(file.toFile(), true).close();
        } catch (IOException | RuntimeException e) {
            throw new PolicyException("'log' " + file + " cannot be written: " + e.getMessage());
        }
    }

    /** The latest {@code n} records, oldest first. */
    public synchronized List<ObjectNode> latest(int n) {
        List<ObjectNode> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
