package io.stratadb.bench.report;

import java.util.Locale;

/** Number formatting for result cells: fixed, locale-independent, short. */
public final class Fmt {
    private Fmt() {
    }

    /** Rate or count with no decimals below 1e9 ("12345"), two decimals under 100. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) < 100) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Microseconds from nanoseconds, 1 decimal. */
    public static String micros(double nanos) {
        if (Double.isNaN(nanos)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    /** Milliseconds from nanoseconds, 3 decimals. */
    public static String millis(double nanos) {
        if (Double.isNaN(nanos)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** A ratio like "1.23x", or "n/a" when either side is missing. */
    public static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    public static String fixed(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public static String mib(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
