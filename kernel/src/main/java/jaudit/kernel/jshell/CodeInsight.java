package jaudit.kernel.jshell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Completion, inspection and completeness for the frontend, from JShell's source analysis. Works on
 * the snippet under the cursor; positions are UTF-16 indexes into the cell.
 */
public final class CodeInsight {
    private final JShell shell;
    private final SnippetSyntax syntax;
    private final EngineLock engine;

    public CodeInsight(CellEvaluator evaluator) {
        this.shell = evaluator.shell();
        this.syntax = evaluator.syntax();
        this.engine = evaluator.engine();
    }

    /** Completions replacing the text from {@code start} to {@code end}. */
    public record Completions(List<String> matches, int start, int end) {
    }

    public Completions complete(String code, int cursor) {
        return engine.holding(() -> completeHolding(code, cursor));
    }

    private Completions completeHolding(String code, int cursor) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        CellSplitter.Segment segment = CellSplitter.at(analysis, code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(segment.source(), cursor - segment.start(), anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            (s.matchesType() ? typed : others).add(s.continuation());
        }
        List<String> matches = new ArrayList<>(typed);
        others.removeAll(typed);
        matches.addAll(others);
        return new Completions(matches, segment.start() + anchor[0], cursor);
    }

    /** Signatures and javadoc of what the cursor stands on, or an empty string. */
    public String inspect(String code, int cursor) {
        return engine.holding(() -> inspectHolding(code, cursor));
    }

    private String inspectHolding(String code, int cursor) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        CellSplitter.Segment segment = CellSplitter.at(analysis, code, end);
        String source = segment.source();
        int at = end - segment.start();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(source, at, true);
        if (docs.isEmpty() && at > 0 && Character.isJavaIdentifierPart(source.charAt(at - 1))) {
            // JShell documents a method once its argument list opens; a bare name gets the same answer.
            docs = analysis.documentation(source.substring(0, at) + "(", at + 1, true);
        }
        List<String> parts = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            String javadoc = doc.javadoc();
            String signature = CellVariables.withoutHolder(doc.signature());
            parts.add(javadoc == null || javadoc.isBlank() ? signature : signature + "\n" + javadoc.strip());
        }
        return String.join("\n\n", parts);
    }

    /** is_complete's answer: status complete, incomplete (with an indent) or invalid. */
    public record Readiness(String status, String indent) {
    }

    public Readiness isComplete(String code) {
        return engine.holding(() -> isCompleteHolding(code));
    }

    private Readiness isCompleteHolding(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<CellSplitter.Segment> segments = CellSplitter.split(analysis, code);
        if (segments.isEmpty()) {
            return new Readiness("complete", "");
        }
        // A snippet that cannot parse stays wrong whatever follows, so it outranks an open last one.
        for (CellSplitter.Segment segment : segments) {
            if (segment.complete() && !syntax.parses(segment.source())) {
                return new Readiness("invalid", "");
            }
        }
        Completeness last = segments.get(segments.size() - 1).completeness();
        return switch (last) {
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> new Readiness("incomplete", indentFor(code));
            case UNKNOWN -> new Readiness("invalid", "");
            default -> new Readiness("complete", "");
        };
    }

    /** Four spaces per bracket left open, ignoring brackets inside strings, chars and comments. */
    static String indentFor(String code) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipQuoted(code, i, c);
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                i = Math.max(i, code.indexOf('\n', i) < 0 ? code.length() : code.indexOf('\n', i));
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
                int close = code.indexOf("*/", i + 2);
                i = close < 0 ? code.length() : close + 1;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
                depth--;
            }
        }
        return "    ".repeat(depth);
    }

    private static int skipQuoted(String code, int start, char quote) {
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return code.length();
    }
}
