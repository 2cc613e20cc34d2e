package io.stratadb.bench.ann;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * An offline English text corpus for the text384 dataset: sentences from the documentation Debian
 * installs ({@code /usr/share/doc/*}: changelogs, READMEs, copyright files, and
 * {@code /usr/share/common-licenses}). Lines are cleaned, kept when they have 6..60 words,
 * de-duplicated, and ordered by a hash of their text so the choice does not depend on file order.
 * The exact sentences depend on the packages installed on the machine.
 */
public final class TextCorpus {
    static final List<Path> ROOTS = List.of(Path.of("/usr/share/doc"), Path.of("/usr/share/common-licenses"));

    private TextCorpus() {
    }

    /** Up to {@code max} distinct sentences; fewer if the machine has less documentation. */
    public static List<String> sentences(int max) {
        Set<String> seen = new LinkedHashSet<>();
        List<Path> files = new ArrayList<>();
        for (Path root : ROOTS) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root, 3)) {
                s.filter(Files::isRegularFile).filter(TextCorpus::looksTextual).forEach(files::add);
            } catch (IOException e) {
                // an unreadable folder just contributes nothing
            }
        }
        files.sort(Comparator.naturalOrder());
        for (Path f : files) {
            readInto(f, seen);
            if (seen.size() >= 20L * max) {
                break;
            }
        }
        List<String> all = new ArrayList<>(seen);
        all.sort(Comparator.comparingLong((String t) -> io.stratadb.bench.kv.Zipfian.fnv1a64(t.hashCode()))
                .thenComparing(Comparator.naturalOrder()));
        return all.size() > max ? all.subList(0, max) : all;
    }

    static boolean looksTextual(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.startsWith("changelog") || n.startsWith("readme") || n.equals("copyright") || n.startsWith("news")
                || p.startsWith("/usr/share/common-licenses");
    }

    private static void readInto(Path f, Set<String> out) {
        try (InputStream raw = Files.newInputStream(f);
             InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < 5000) {
                String t = clean(line);
                if (t != null) {
                    out.add(t);
                }
            }
        } catch (IOException | RuntimeException e) {
            // binary or unreadable file: skip
        }
    }

    static String clean(String line) {
        String t = line.strip().replaceAll("^[*+\\-#>]+\\s*", "").replaceAll("\\s+", " ");
        if (t.length() < 30 || t.length() > 400 || t.startsWith("--") || t.contains("<") && t.contains("@")) {
            return null;
        }
        int letters = 0;
        for (int i = 0; i < t.length(); i++) {
            if (Character.isLetter(t.charAt(i))) {
                letters++;
            }
        }
        if (letters < t.length() * 0.6) {
            return null;
        }
        int words = t.split(" ").length;
        return words >= 6 && words <= 60 ? t : null;
    }
}
