package io.stratadb.cli;

import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.command.CommandJson;
import io.stratadb.command.Scope;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Value parsing and the as-of options shared by the read commands. */
final class CliValues {
    private CliValues() {
    }

    /** JSON text as a value; anything that is not valid JSON is taken as a string. */
    static Value parse(String text, boolean forceString) {
        if (forceString) {
            return Value.of(text);
        }
        try {
            return CommandJson.valueFromJson(text);
        } catch (ValidationException e) {
            return Value.of(text);
        }
    }

    /** Strict JSON (for event payloads and {@code exec}): no string fallback. */
    static Value parseJson(String what, String text) {
        try {
            return CommandJson.valueFromJson(text);
        } catch (ValidationException e) {
            throw new ValidationException(what + " must be JSON: " + e.getMessage());
        }
    }

    /** {@code --at-version N} / {@code --at-time T} for reads. */
    static final class ReadAt {
        @Option(names = "--at-version", paramLabel = "N", description = "read as of commit version N")
        Long version;

        @Option(names = "--at-time", paramLabel = "T",
                description = "read as of a time: µs since the epoch or ISO-8601 (2026-01-01T10:00:00Z)")
        String time;

        Scope scope() {
            if (version == null && time == null) {
                return null;
            }
            if (version != null && time != null) {
                throw new ValidationException("give --at-version or --at-time, not both");
            }
            if (version != null) {
                return Scope.asOfVersion(version);
            }
            try {
                return Scope.asOfMicros(Long.parseLong(time));
            } catch (NumberFormatException e) {
                try {
                    Instant t = Instant.parse(time);
                    return Scope.asOfMicros(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
                } catch (DateTimeParseException e2) {
                    throw new ValidationException("--at-time '" + time
                            + "' is neither µs since the epoch nor an ISO-8601 instant");
                }
            }
        }
    }
}
