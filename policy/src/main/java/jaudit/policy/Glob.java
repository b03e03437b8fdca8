package jaudit.policy;

import java.util.regex.Pattern;

/**
 * Shell-style patterns for policy entries: {@code *} is any run of characters, {@code ?} one
 * character, everything else is literal, and a pattern matches the whole text, ignoring case.
 * No regular expressions reach the host's policy, so a dot in a host name means a dot.
 */
public final class Glob {
    private Glob() {
    }

    /** A pattern whose wildcards never cross any of {@code stops} (for {@code host:port}, the colon). */
    public static Pattern compile(String glob, String stops) {
        String any = stops.isEmpty() ? "." : "[^" + Pattern.quote(stops) + "]";
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(any).append('*');
                case '?' -> regex.append(any);
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    public static boolean matches(String glob, String text) {
        return text != null && compile(glob, "").matcher(text).matches();
    }
}
