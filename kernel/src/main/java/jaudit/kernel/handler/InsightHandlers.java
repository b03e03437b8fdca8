package jaudit.kernel.handler;

import jaudit.kernel.request.Request;
import jaudit.kernel.cell.EvaluatorStartup;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jaudit.kernel.magic.MagicRegistry;
import jaudit.kernel.jshell.CodeInsight;
import java.util.Optional;

/** complete_request, inspect_request and is_complete_request, answered from JShell's source analysis. */
public final class InsightHandlers {
    private final EvaluatorStartup startup;
    private final MagicRegistry magics;

    public InsightHandlers(EvaluatorStartup startup, MagicRegistry magics) {
        this.startup = startup;
        this.magics = magics;
    }

    public void complete(Request request) throws Exception {
        String code = request.text("code");
        int cursor = CursorPositions.toIndex(code, request.integer("cursor_pos", code.codePointCount(0, code.length()),
                0, Integer.MAX_VALUE));
        Optional<MagicRegistry.Completion> magic = magics.complete(code, cursor);
        CodeInsight.Completions completions = magic.isPresent()
                ? new CodeInsight.Completions(magic.get().matches(), magic.get().start(), cursor)
                : startup.insight().complete(code, cursor);
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        ArrayNode matches = content.putArray("matches");
        completions.matches().forEach(matches::add);
        content.put("cursor_start", CursorPositions.toCodePoints(code, completions.start()));
        content.put("cursor_end", CursorPositions.toCodePoints(code, completions.end()));
        content.putObject("metadata");
        request.reply(content);
    }

    public void inspect(Request request) throws Exception {
        String code = request.text("code");
        int cursor = CursorPositions.toIndex(code, request.integer("cursor_pos", code.codePointCount(0, code.length()),
                0, Integer.MAX_VALUE));
        request.integer("detail_level", 0, 0, 1);
        String text = startup.insight().inspect(code, cursor);
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        content.put("found", !text.isEmpty());
        ObjectNode data = content.putObject("data");
        if (!text.isEmpty()) {
            data.put("text/plain", text);
        }
        content.putObject("metadata");
        request.reply(content);
    }

    public void isComplete(Request request) throws Exception {
        String code = request.text("code");
        // Magic lines are complete by themselves; a cell magic's body is not Java to judge.
        Optional<String> java = magics.javaOf(code, startup.evaluator()::endsBetweenStatements);
        CodeInsight.Readiness readiness = java.isPresent() ? startup.insight().isComplete(java.get())
                : new CodeInsight.Readiness("complete", "");
        ObjectNode content = request.newContent();
        content.put("status", readiness.status());
        if (readiness.status().equals("incomplete")) {
            content.put("indent", readiness.indent());
        }
        request.reply(content);
    }
}
