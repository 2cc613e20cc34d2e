package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectKind;
import io.stratadb.storage.internal.record.RecordScanner;
import io.stratadb.storage.internal.record.UnsupportedFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Recovery's WAL reader. Reads segments {@code >= fromSegment} in order and hands every entry with a
 * version above {@code afterVersion} to the consumer. It stops at the first thing that breaks the
 * prefix property: a torn or corrupt record, a damaged segment header, a missing segment in the
 * sequence, a version that does not increase (or, with {@code dense}, skips a number). With
 * {@code repair} the damaged segment is truncated to its last good record (synced) and every later
 * segment is moved to {@code quarantine/}, so the log again ends cleanly and new records cannot
 * follow a hole; every such cut is returned as a {@link Truncation} (object, offset, bytes dropped,
 * reason). Without {@code repair} (read-only opens) nothing is changed, the cut is still reported.
 *
 * <p>Reserved segments ({@link WalOptions.Reserve}) are trimmed when rolled, so zeros are expected in
 * two places only, and neither is damage: after the last record of the newest segment that has a
 * header (where a crash stopped the writer), and as the whole content of segments after it (space
 * reserved ahead, never written to). The first ends the log like the end of the object; the second
 * is ignored, and removed with {@code repair}. Zeros anywhere else (a segment followed by one with
 * records) are a cut as before.
 *
 * <p>A segment written in an unknown format version is not damage: {@link UnsupportedFormatException}
 * propagates and nothing is modified. Stateless; thread-safe for different backends.
 */
public final class WalReplay {
    /**
     * Receives replayed entries in version order, with the segment and offset they were read from. A
     * {@link CorruptionException} thrown by the consumer (a body it cannot decode) cuts the log there
     * like a checksum failure; any other exception aborts the replay.
     */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(WalEntry entry, String object, long offset) throws IOException;
    }

    /** One cut made (or, read-only, that would be made) at the end of the trustworthy log. */
    public record Truncation(String object, long offset, long bytesDropped, String reason) {
        public String describe() {
            return "WAL " + object + ": " + reason + "; truncated at offset " + offset + " (" + bytesDropped
                    + " bytes dropped)";
        }
    }

    /**
     * @param lastVersion    version of the last entry read (or {@code afterVersion} if none was newer)
     * @param entriesApplied entries handed to the consumer
     * @param lastSegment    highest segment sequence present before repair ({@code fromSegment - 1} if none);
     *                       a new writer starts at {@code lastSegment + 1}
     * @param nextSegment    the sequence a new writer must start at so the log stays gap-free after repair
     * @param truncations    cuts made, in log order
     * @param quarantined    segments moved to quarantine (after a cut)
     */
    public record Result(long lastVersion, long entriesApplied, long lastSegment, long nextSegment,
                         List<Truncation> truncations, List<String> quarantined) {
        public Result {
            truncations = List.copyOf(truncations);
            quarantined = List.copyOf(quarantined);
        }

        /** Human descriptions of everything that was cut, for {@code RecoveryHealth}. */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            truncations.forEach(t -> out.add(t.describe()));
            quarantined.forEach(q -> out.add("WAL segment " + q + " after the cut moved to quarantine"));
            return out;
        }
    }

    private WalReplay() {
    }

    /** The WAL segment sequences present, ascending. */
    public static List<Long> segments(Backend backend) throws IOException {
        List<Long> out = new ArrayList<>();
        for (String name : backend.list(Layout.WAL_DIR)) {
            OptionalLong seq = Layout.walSegmentSeq(name);
            if (seq.isPresent()) {
                out.add(seq.getAsLong());
            }
        }
        out.sort(null);
        return out;
    }

    public static Result replay(Backend backend, long fromSegment, long afterVersion, boolean dense, boolean repair,
                                EntryConsumer consumer) throws IOException {
        List<Long> all = segments(backend);
        List<Long> segs = new ArrayList<>();
        for (long s : all) {
            if (s >= fromSegment) {
                segs.add(s);
            }
        }
        long lastSegment = all.isEmpty() ? fromSegment - 1 : Math.max(fromSegment - 1, all.get(all.size() - 1));
        // trailing all-zero segments that continue the sequence: reserved ahead and never written to
        // (one after a gap is left to the gap checks below: a missing segment is reported)
        long newestSeq = -1; // the newest segment with content, read here already
        byte[] newestData = null;
        List<String> unused = new ArrayList<>();
        while (!segs.isEmpty()) {
            int last = segs.size() - 1;
            long seq = segs.get(last);
            boolean continues = last == 0 ? seq == fromSegment : segs.get(last - 1) == seq - 1;
            byte[] data = backend.read(Layout.walSegment(seq));
            if (!continues || !allZero(data, 0)) {
                newestSeq = seq;
                newestData = data;
                break;
            }
            segs.remove(last);
            unused.add(Layout.walSegment(seq));
        }
        List<Truncation> cuts = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        long lastSeen = 0;
        long lastApplied = afterVersion;
        long applied = 0;
        boolean stopped = false;
        long next = Math.max(fromSegment, segs.isEmpty() ? fromSegment : segs.get(segs.size() - 1) + 1);
        for (int i = 0; i < segs.size(); i++) {
            long seq = segs.get(i);
            String name = Layout.walSegment(seq);
            if (!stopped && i == 0 && seq > fromSegment) {
                // the first needed segment is gone: records after the flushed version may be missing
                cuts.add(new Truncation(Layout.walSegment(fromSegment), 0, 0,
                        "segment missing (needed from the manifest)"));
                stopped = true;
                next = fromSegment;
            }
            if (!stopped && i > 0 && seq != segs.get(i - 1) + 1) {
                cuts.add(new Truncation(Layout.walSegment(segs.get(i - 1) + 1), 0, 0, "segment missing from the sequence"));
                stopped = true;
                next = segs.get(i - 1) + 1;
            }
            if (stopped) {
                if (repair) {
                    quarantine(backend, name);
                }
                quarantined.add(name);
                continue;
            }
            byte[] data = seq == newestSeq ? newestData : backend.read(name);
            boolean newest = i == segs.size() - 1;
            String headerProblem = null;
            try {
                FormatHeader.check(name, data, ObjectKind.WAL_SEGMENT, WalFormat.VERSION, WalFormat.VERSION);
            } catch (UnsupportedFormatException e) {
                throw e;
            } catch (CorruptionException e) {
                headerProblem = data.length < FormatHeader.LENGTH ? "segment header incomplete" : e.getMessage();
            }
            if (headerProblem != null) {
                cuts.add(new Truncation(name, 0, data.length, headerProblem));
                if (repair) {
                    backend.delete(name);
                }
                stopped = true;
                next = seq;
                continue;
            }
            RecordScanner scanner = new RecordScanner(name, data, FormatHeader.LENGTH, data.length);
            String problem = null;
            long cutAt = -1;
            while (true) {
                int start = scanner.validEnd();
                byte[] payload = scanner.next();
                if (payload == null) {
                    break;
                }
                WalEntry e;
                try {
                    e = WalEntry.fromPayload(name, start, payload);
                } catch (CorruptionException ce) {
                    problem = ce.getMessage();
                    cutAt = start;
                    break;
                }
                if (e.version() <= lastSeen) {
                    problem = "version " + e.version() + " does not increase (after " + lastSeen + ")";
                    cutAt = start;
                    break;
                }
                if (e.version() > afterVersion) {
                    if (dense && e.version() != lastApplied + 1) {
                        problem = "version gap: " + e.version() + " follows " + lastApplied;
                        cutAt = start;
                        break;
                    }
                    try {
                        consumer.accept(e, name, start);
                    } catch (CorruptionException ce) {
                        problem = ce.getMessage();
                        cutAt = start;
                        break;
                    }
                    lastApplied = e.version();
                    applied++;
                }
                lastSeen = e.version();
            }
            if (problem == null && scanner.stop() != RecordScanner.Stop.CLEAN_END) {
                if (newest && allZero(data, scanner.validEnd())) {
                    // the unwritten rest of a reserved segment: the log ends here
                    if (repair) {
                        backend.truncate(name, scanner.validEnd());
                        backend.sync(name);
                    }
                } else {
                    problem = scanner.problem();
                    cutAt = scanner.validEnd();
                }
            }
            if (problem != null) {
                cuts.add(new Truncation(name, cutAt, data.length - cutAt, problem));
                if (repair) {
                    backend.truncate(name, cutAt);
                    backend.sync(name);
                }
                stopped = true;
                next = seq + 1;
            }
        }
        if (repair) { // only once the replay went through: an aborted one changes nothing
            for (String name : unused) {
                backend.delete(name);
            }
        }
        return new Result(lastApplied, applied, lastSegment, next, cuts, quarantined);
    }

    private static boolean allZero(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void quarantine(Backend backend, String name) throws IOException {
        String q = Layout.quarantine(name);
        backend.write(q, backend.read(name));
        backend.sync(q);
        backend.delete(name);
    }
}
