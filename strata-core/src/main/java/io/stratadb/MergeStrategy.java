package io.stratadb;

import java.util.Locale;

/**
 * How a three-way merge resolves a conflict (both sides changed the same entity differently
 * since the merge base).
 */
public enum MergeStrategy {
    /** Any conflict aborts the merge: nothing is applied, the conflicts are reported. */
    STRICT,
    /** The source's version wins (also called {@code source_wins}). */
    LAST_WRITER_WINS,
    /** The target keeps its version; the source's non-conflicting changes are applied. */
    TARGET_WINS;

    /**
     * Parses {@code strict}, {@code last_writer_wins}, {@code source_wins}, {@code target_wins}
     * (case-insensitive, '-' accepted for '_').
     *
     * @throws ValidationException for anything else
     */
    public static MergeStrategy parse(String s) {
        if (s == null) {
            throw new ValidationException("merge strategy must not be null");
        }
        return switch (s.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "strict" -> STRICT;
            case "last_writer_wins", "lww", "source_wins", "source" -> LAST_WRITER_WINS;
            case "target_wins", "target" -> TARGET_WINS;
            default -> throw new ValidationException("unknown merge strategy '" + s
                    + "' (expected strict, last_writer_wins, source_wins or target_wins)");
        };
    }

    /** The lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
