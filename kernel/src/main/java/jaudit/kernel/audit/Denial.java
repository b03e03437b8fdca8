package jaudit.kernel.audit;

import java.util.List;

/**
 * One denial made during a cell, kept until the cell's reply so that a denial a library caught
 * (and perhaps replaced with its own error) is still reported.
 *
 * @param event the event denied
 * @param args its shown arguments
 * @param where the cell line (or thread) it was raised from
 * @param allowRule the narrowest allow rule that lets it through, as JSON; null where no rule can
 */
public record Denial(String event, List<Object> args, String where, String allowRule) {
    public Denial {
        args = List.copyOf(args.stream().map(String::valueOf).toList());
    }

    /** How the denial's own message starts, to tell whether the cell's error is this denial. */
    String headline() {
        return "Audit: " + event + " blocked by the audit policy with args: " + args;
    }

    @Override
    public String toString() {
        return args.isEmpty() ? event : event + " " + String.join(" ", args.stream().map(String::valueOf).toList());
    }

    private static final int LISTED = 3;

    /**
     * The line that tells the person of the denials their cell's reply does not show, or null when
     * it shows them all: {@code jaudit: 1 denial during this cell: file.mkdir /tmp/x (see %audit)}.
     *
     * @param shownError the text of the cell's error, empty when the cell did not fail
     */
    public static String unreported(List<Denial> denials, String shownError) {
        List<Denial> unseen = denials.stream().filter(d -> !shownError.contains(d.headline())).toList();
        if (unseen.isEmpty()) {
            return null;
        }
        List<String> listed = unseen.stream().limit(LISTED).map(Denial::toString).toList();
        return "jaudit: " + unseen.size() + (unseen.size() == 1 ? " denial" : " denials") + " during this cell: "
                + String.join("; ", listed) + (unseen.size() > LISTED ? "; and " + (unseen.size() - LISTED) + " more" : "")
                + " (see %audit)";
    }
}
