package jaudit.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Cuts a cell into the snippets JShell evaluates one at a time, remembering where each starts in the
 * cell so that errors, completion and inspection can speak in cell positions.
 */
final class CellSplitter {
    private CellSplitter() {
    }

    /**
     * One snippet: its offset in the cell, its source as JShell will see it, and how complete it is.
     * {@code prefix} counts the characters of {@code source} before the cell's own text (a block's
     * opening brace).
     */
    record Segment(int start, int end, String source, Completeness completeness, int prefix) {
        Segment(int start, int end, String source, Completeness completeness) {
            this(start, end, source, completeness, 0);
        }

        boolean complete() {
            return completeness.isComplete();
        }

        /** The segment's cell text as an expression: leading blanks kept apart, no trailing semicolon. */
        String expression(String code) {
            String text = code.substring(start, end).strip();
            return text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
        }

        /**
         * Statements that run as one block, one compile: their cell text in braces, each on its own
         * cell line. With {@code valueOfLast}, the last one is an expression whose value the block
         * hands to {@link CellValue}.
         */
        static Segment block(String code, List<Segment> statements, boolean valueOfLast) {
            int start = statements.get(0).start();
            Segment last = statements.get(statements.size() - 1);
            StringBuilder source = new StringBuilder("{");
            if (valueOfLast) {
                String text = code.substring(last.start(), last.end());
                int lead = text.length() - text.stripLeading().length();
                source.append(code, start, last.start() + lead).append(CellValue.class.getName())
                        .append(".of(() -> ").append(last.expression(code)).append("\n);");
            } else {
                source.append(code, start, last.end());
            }
            return new Segment(start, last.end(), source.append("\n}").toString(), Completeness.COMPLETE, 1);
        }
    }

    static List<Segment> split(SourceCodeAnalysis analysis, String code) {
        List<Segment> segments = new ArrayList<>();
        String rest = code;
        int offset = 0;
        while (!rest.isEmpty()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (info.source() == null || !completeness.isComplete()) {
                segments.add(new Segment(offset, code.length(), rest, completeness));
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            segments.add(new Segment(offset, offset + consumed, info.source(), completeness));
            offset += consumed;
            rest = info.remaining();
        }
        return segments;
    }

    /** The snippet the cursor stands in (or just after); an empty segment at the cursor if none. */
    static Segment at(SourceCodeAnalysis analysis, String code, int cursor) {
        Segment last = null;
        for (Segment segment : split(analysis, code)) {
            last = segment;
            if (cursor <= segment.end()) {
                break;
            }
        }
        if (last == null || cursor > last.end() || cursor < last.start()) {
            int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
            return new Segment(lineStart, cursor, code.substring(lineStart, cursor), Completeness.UNKNOWN);
        }
        // Completion looks at the text the user typed, not JShell's repaired copy with an added semicolon.
        return new Segment(last.start(), last.end(), code.substring(last.start(), last.end()), last.completeness());
    }
}
