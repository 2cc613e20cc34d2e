package io.stratadb.command;

import io.stratadb.ValidationException;
import io.stratadb.Value;

/** Argument checks shared by the command records; messages name the command and the argument. */
final class Args {
    private Args() {
    }

    static String name(String command, String arg, String v) {
        if (v == null || v.isEmpty()) {
            throw new ValidationException(command + ": " + arg + " must be a non-empty string, got "
                    + (v == null ? "null" : "\"\""));
        }
        return v;
    }

    static Value value(String command, String arg, Value v) {
        // a missing value is the Null value: JSON null and Java null both mean Null here
        return v == null ? Value.Null.INSTANCE : v;
    }

    static <T> T notNull(String command, String arg, T v) {
        if (v == null) {
            throw new ValidationException(command + ": " + arg + " is required");
        }
        return v;
    }

    static long nonNegative(String command, String arg, long v) {
        if (v < 0) {
            throw new ValidationException(command + ": " + arg + " must be >= 0, got " + v);
        }
        return v;
    }

    static Integer positiveOrNull(String command, String arg, Integer v) {
        if (v != null && v <= 0) {
            throw new ValidationException(command + ": " + arg + " must be > 0, got " + v);
        }
        return v;
    }

    static Long nonNegativeOrNull(String command, String arg, Long v) {
        if (v != null && v < 0) {
            throw new ValidationException(command + ": " + arg + " must be >= 0, got " + v);
        }
        return v;
    }
}
