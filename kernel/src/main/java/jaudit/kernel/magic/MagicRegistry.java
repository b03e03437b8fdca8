package jaudit.kernel.magic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kernel's magics by name: what {@code %name} and {@code %%name} mean, and what to complete after {@code %}. */
public final class MagicRegistry {
    private static final Pattern TYPING = Pattern.compile("(?m)^[ \\t]*(%%?)([\\w.-]*)\\z");

    private final Map<String, Magic> byName = new LinkedHashMap<>();

    public MagicRegistry(List<Magic> magics) {
        for (Magic magic : magics) {
            if (byName.putIfAbsent(magic.name(), magic) != null) {
                throw new IllegalArgumentException("two magics named " + magic.name());
            }
        }
    }

    public Optional<Magic> line(String name) {
        return Optional.ofNullable(byName.get(name)).filter(Magic::isLine);
    }

    public Optional<Magic> cell(String name) {
        return Optional.ofNullable(byName.get(name)).filter(Magic::isCell);
    }

    public List<Magic> all() {
        return List.copyOf(byName.values());
    }

    /** Every way to write a known magic: {@code %maven}, {@code %%time}, ... */
    public List<String> written() {
        List<String> names = new ArrayList<>();
        byName.values().stream().filter(Magic::isLine).forEach(m -> names.add("%" + m.name()));
        byName.values().stream().filter(Magic::isCell).forEach(m -> names.add("%%" + m.name()));
        return names;
    }

    /** The failure for {@code %name} that no magic answers to, listing the known ones. */
    public MagicException unknown(String written) {
        return new MagicException("UnknownMagic", written + " (known: " + String.join(", ", written()) + ")");
    }

    /** Magic names completing what the cursor's line holds, when it is a {@code %} and the start of a name. */
    public Optional<Completion> complete(String code, int cursor) {
        Matcher typing = TYPING.matcher(code.substring(0, cursor));
        if (!typing.find()) {
            return Optional.empty();
        }
        String typed = typing.group(1) + typing.group(2);
        List<String> matches = written().stream().filter(w -> w.startsWith(typed)).toList();
        return Optional.of(new Completion(matches, typing.start(1)));
    }

    /**
     * The cell's Java with its line-magic lines blanked (lines keep their numbers), for questions
     * about the Java alone such as is_complete; empty when a cell magic owns the cell.
     *
     * @param completeJava whether Java text ends where a new statement may begin
     */
    public Optional<String> javaOf(String code, Predicate<String> completeJava) {
        List<CellScript.Part> parts;
        try {
            parts = CellScript.parse(code, completeJava);
        } catch (MagicException misplaced) {
            return Optional.of(code);
        }
        String[] lines = code.split("\n", -1);
        for (CellScript.Part part : parts) {
            if (part.magic().isPresent()) {
                if (part.magic().get().body().isPresent()) {
                    return Optional.empty();
                }
                lines[part.magic().get().line()] = "";
            }
        }
        return Optional.of(String.join("\n", lines));
    }

    /** Names that replace the text from {@code start} to the cursor. */
    public record Completion(List<String> matches, int start) {
    }
}
