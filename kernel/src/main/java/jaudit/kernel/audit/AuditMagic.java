package jaudit.kernel.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jaudit.kernel.magic.CellScope;
import jaudit.kernel.magic.Magic;
import jaudit.kernel.magic.MagicCall;
import jaudit.kernel.magic.MagicException;
import jaudit.kernel.jshell.CellEvaluator;
import jaudit.kernel.display.Html;
import jaudit.kernel.jshell.CellResult;
import jaudit.policy.AuditPolicy;
import jaudit.policy.PolicyKey;
import jaudit.policy.PolicyKeys;

/**
 * {@code %audit}: the cell's policy after merging, and the latest denials, as an HTML table;
 * {@code %audit log N}: the last N records of the audit log. It only reads: no magic widens a policy.
 */
public final class AuditMagic implements Magic {
    private static final int SHOWN = 10;
    private final ObjectMapper json;
    private final AuditLog log;

    public AuditMagic(ObjectMapper json, AuditLog log) {
        this.json = json;
        this.log = log;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public String usage() {
        return "%audit (the cell's policy and the latest denials), %audit log N (the last N audit records)";
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        AuditPolicy policy = cell.audit().policy();
        List<String> words = call.words();
        if (words.isEmpty()) {
            return show(policy, denials(log.latest(200)), "latest denials", cell.addedClassPath());
        }
        if (words.size() == 2 && words.get(0).equals("log") && words.get(1).matches("[1-9][0-9]{0,5}")) {
            return show(policy, records(policy, Integer.parseInt(words.get(1))), "last " + words.get(1) + " audit records",
                    cell.addedClassPath());
        }
        throw MagicException.usage(this, "unexpected arguments '" + call.args() + "'");
    }

    private static List<JsonNode> denials(List<? extends JsonNode> records) {
        List<JsonNode> denied = new ArrayList<>();
        for (JsonNode r : records) {
            if (r.path("decision").asText().equals("denied")) {
                denied.add(r);
            }
        }
        return denied.subList(Math.max(0, denied.size() - SHOWN), denied.size());
    }

    /** From the policy's log file when it has one (records of every kernel that wrote it), else this kernel's. */
    private List<JsonNode> records(AuditPolicy policy, int n) {
        List<JsonNode> records = new ArrayList<>();
        if (policy.log().isPresent() && Files.isReadable(policy.log().get())) {
            try {
                List<String> lines = Files.readAllLines(policy.log().get(), StandardCharsets.UTF_8);
                for (String line : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
                    records.add(json.readTree(line));
                }
                return records;
            } catch (IOException e) {
                records.clear();
            }
        }
        records.addAll(log.latest(n));
        return records;
    }

    private CellResult show(AuditPolicy policy, List<JsonNode> records, String title,
                            List<CellEvaluator.ClassPathEntry> classPath) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (PolicyKey<?> key : PolicyKeys.ALL) {
            shown.put(key.name(), key.shown(policy));
        }
        StringBuilder html = new StringBuilder("<table><caption>audit policy</caption>");
        StringBuilder text = new StringBuilder("audit policy\n");
        for (Map.Entry<String, Object> e : shown.entrySet()) {
            String value = String.valueOf(e.getValue());
            html.append("<tr><th style=\"text-align:left\">").append(e.getKey()).append("</th><td>")
                    .append(Html.escape(value)).append("</td></tr>");
            text.append("  ").append(e.getKey()).append(": ").append(value).append('\n');
        }
        html.append("</table><table><caption>").append(title).append("</caption><tr>");
        text.append(title).append(records.isEmpty() ? ": none\n" : "\n");
        List<String> columns = List.of("time", "origin", "event", "args", "frame", "decision", "by");
        columns.forEach(c -> html.append("<th>").append(c).append("</th>"));
        html.append("</tr>");
        for (JsonNode r : records) {
            html.append("<tr>");
            StringBuilder row = new StringBuilder("  ");
            for (String c : columns) {
                JsonNode v = r.path(c);
                String cell = v.isTextual() ? v.asText() : v.toString();
                html.append("<td>").append(Html.escape(cell)).append("</td>");
                row.append(cell).append("  ");
            }
            html.append("</tr>");
            text.append(row.toString().stripTrailing()).append('\n');
        }
        html.append("</table><table><caption>class path added this session</caption><tr><th>jar or folder</th>"
                + "<th>added by</th></tr>");
        text.append("class path added this session").append(classPath.isEmpty() ? ": none\n" : "\n");
        for (CellEvaluator.ClassPathEntry entry : classPath) {
            html.append("<tr><td>").append(Html.escape(entry.path().toString())).append("</td><td>")
                    .append(Html.escape(entry.because())).append("</td></tr>");
            text.append("  ").append(entry.path()).append("  ").append(entry.because()).append('\n');
        }
        html.append("</table>");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("policy", shown);
        data.put(title.startsWith("last") ? "records" : "denials", records);
        data.put("class_path", classPath.stream().map(e -> Map.of("path", e.path().toString(), "added_by", e.because()))
                .toList());
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html.toString());
        try {
            // For programs (the MCP server's policy and audit_log tools): the same, as JSON.
            bundle.put("application/json", json.writeValueAsString(data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the policy's values are JSON values", e);
        }
        bundle.put("text/plain", text.toString().stripTrailing());
        return CellResult.of(bundle);
    }
}
