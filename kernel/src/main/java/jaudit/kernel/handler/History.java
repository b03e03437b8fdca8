package jaudit.kernel.handler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The inputs (and text outputs) of this kernel session's cells, for history_request. */
public final class History {
    /** The session number history replies use for the running kernel. */
    public static final int SESSION = 1;

    /** One executed cell. */
    public record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    public synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    /** Lines {@code start} (inclusive) to {@code stop} (exclusive; 0 or less means to the end). */
    public synchronized List<Entry> range(int start, int stop) {
        return entries.stream().filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
    }

    /** The last {@code n} inputs matching a glob ({@code *} and {@code ?}), optionally without repeats. */
    public synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern pattern = globPattern(glob);
        List<Entry> matches = new ArrayList<>();
        for (Entry e : entries) {
            if (pattern.matcher(e.input()).matches()) {
                matches.add(e);
            }
        }
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : matches) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            matches = new ArrayList<>(latest.values());
        }
        return n > 0 ? List.copyOf(matches.subList(Math.max(0, matches.size() - n), matches.size())) : matches;
    }

    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
