package io.stratadb.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A one-paragraph description of the machine and JVM a run used, written into every report. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
        String load = readFirstLine(Path.of("/proc/loadavg"));
        return String.format(Locale.ROOT,
                "%d cores (%s), %s RAM; %s %s; JVM %s %s, max heap %d MiB; load average at start: %s",
                rt.availableProcessors(), cpu == null ? "cpu model unknown" : cpu,
                mem == null ? "memory unknown" : mem,
                System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                rt.maxMemory() >> 20, load == null ? "unknown" : load);
    }

    private static String firstMatch(Path file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    int c = l.indexOf(':');
                    return c < 0 ? l.trim() : l.substring(c + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String readFirstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? null : lines.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
