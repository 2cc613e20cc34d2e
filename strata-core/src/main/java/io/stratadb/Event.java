package io.stratadb;

/**
 * One entry of an event log: its 0-based sequence within its (branch, space), type, payload
 * (always an object), the time it was appended (µs since the epoch) and its links in the SHA-256
 * hash chain, as lower-case hex. The first event's {@code prevHash} is 64 zeros.
 *
 * <p>The hash is SHA-256 over: sequence (8 bytes big-endian), timestamp (8 bytes big-endian),
 * type (4-byte length + UTF-8), payload (4-byte length + binary value encoding), previous hash
 * (32 bytes). Immutable.
 */
public record Event(long sequence, String type, Value payload, long timestampMicros, String hash, String prevHash) {
}
