package io.stratadb.storage;

/** The identity a commit received: its global version and its timestamp (µs since the epoch). */
public record CommitResult(long version, long timestampMicros) {
}
