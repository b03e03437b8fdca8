package jaudit.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The types JShell tells for the initializers of {@code var} declarations, several in one analysis:
 * each analysis is a compilation with every import of the session, so the initializers are asked
 * together, as the arguments of nested {@code Map.entry} calls whose type lists theirs in order. A
 * boxed type there may stand for a primitive one, so such an initializer is asked alone; so is each
 * when the joint answer cannot be read. An answer is only JShell's word: the block that assigns the
 * value has javac confirm it.
 */
final class ToldTypes {
    private static final String ENTRY = "java.util.Map.entry(";
    private static final String ENTRY_TYPE = "Map.Entry<";
    private static final Set<String> BOXES = Set.of("Boolean", "Byte", "Character", "Short", "Integer", "Long",
            "Float", "Double");

    private ToldTypes() {
    }

    /** The type told for each initializer, in order; null where JShell told none. */
    static List<String> of(SourceCodeAnalysis analysis, List<String> initializers) {
        List<String> joint = initializers.size() < 2 ? null : jointly(analysis, initializers);
        List<String> told = new ArrayList<>();
        for (int i = 0; i < initializers.size(); i++) {
            String type = joint == null ? null : joint.get(i);
            if (type == null || BOXES.contains(type.replace("java.lang.", ""))) {
                type = analysis.analyzeType(initializers.get(i), initializers.get(i).length());
            }
            told.add(type == null || type.isBlank() ? null : type);
        }
        return told;
    }

    private static List<String> jointly(SourceCodeAnalysis analysis, List<String> initializers) {
        StringBuilder expression = new StringBuilder();
        for (String initializer : initializers) {
            expression.append(ENTRY).append(initializer).append("\n, ");
        }
        expression.append('0').append(")".repeat(initializers.size()));
        String type = analysis.analyzeType(expression.toString(), expression.length());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < initializers.size(); i++) {
            List<String> pair = type == null || !type.startsWith(ENTRY_TYPE) || !type.endsWith(">") ? null
                    : topLevelArguments(type.substring(ENTRY_TYPE.length(), type.length() - 1));
            if (pair == null || pair.size() != 2) {
                return null;
            }
            types.add(pair.get(0));
            type = pair.get(1);
        }
        return types;
    }

    /** "A<B,C>,D" as [A<B,C>, D]: the commas outside angle brackets split. */
    private static List<String> topLevelArguments(String arguments) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(arguments.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(arguments.substring(start).strip());
        return parts;
    }
}
