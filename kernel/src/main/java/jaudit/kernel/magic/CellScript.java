package jaudit.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell cut into what runs in turn: runs of Java lines and line magics, or one cell magic owning the
 * cell. A line is a magic only where a statement could begin, so a {@code %} inside a text block or
 * a continued expression stays Java.
 */
final class CellScript {
    private static final Pattern MAGIC_LINE = Pattern.compile("[ \\t]*(%%?)([A-Za-z][\\w.-]*)(?:[ \\t]+(.*))?[ \\t]*");

    /** One part: Java (with {@code code} padded so its lines keep their cell numbers), or a magic. */
    record Part(Optional<String> java, Optional<MagicCall> magic) {
        static Part java(String code) {
            return new Part(Optional.of(code), Optional.empty());
        }

        static Part magic(MagicCall call) {
            return new Part(Optional.empty(), Optional.of(call));
        }
    }

    private CellScript() {
    }

    /**
     * @param completeJava whether Java text ends where a new statement may begin (no open block,
     *     string or expression)
     */
    static List<Part> parse(String code, Predicate<String> completeJava) throws MagicException {
        String[] lines = code.split("\n", -1);
        int firstLine = 0;
        while (firstLine < lines.length - 1 && lines[firstLine].isBlank()) {
            firstLine++;
        }
        Matcher first = MAGIC_LINE.matcher(lines[firstLine]);
        if (first.matches() && first.group(1).equals("%%")) {
            String body = "\n".repeat(firstLine + 1) + join(lines, firstLine + 1, lines.length);
            return List.of(Part.magic(new MagicCall(first.group(2), args(first), Optional.of(body), firstLine)));
        }
        List<Part> parts = new ArrayList<>();
        int javaStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher magic = MAGIC_LINE.matcher(lines[i]);
            if (!magic.matches() || !completeJava.test(join(lines, javaStart, i))) {
                continue;
            }
            if (magic.group(1).equals("%%")) {
                throw new MagicException("UsageError", "%%" + magic.group(2) + " is a cell magic: it must stand on the "
                        + "cell's first line (line " + (i + 1) + " here)");
            }
            addJava(parts, lines, javaStart, i);
            parts.add(Part.magic(new MagicCall(magic.group(2), args(magic), Optional.empty(), i)));
            javaStart = i + 1;
        }
        addJava(parts, lines, javaStart, lines.length);
        return parts;
    }

    private static String args(Matcher magic) {
        return magic.group(3) == null ? "" : magic.group(3).strip();
    }

    private static void addJava(List<Part> parts, String[] lines, int from, int to) {
        String code = join(lines, from, to);
        if (!code.isBlank()) {
            parts.add(Part.java("\n".repeat(from) + code));
        }
    }

    private static String join(String[] lines, int from, int to) {
        return String.join("\n", List.of(lines).subList(from, to));
    }
}
