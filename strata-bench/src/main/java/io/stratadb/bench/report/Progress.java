package io.stratadb.bench.report;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of one phase: a terminal progress bar when a console is attached (me.tongfei
 * progressbar), otherwise one line at the start and one at the end, so logs stay readable.
 * {@link #step} is thread-safe.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final String task;
    private final long t0 = System.nanoTime();
    private final boolean quiet;

    private Progress(String task, long max, boolean quiet) {
        this.task = task;
        this.quiet = quiet;
        if (!quiet && System.console() != null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setMaxRenderedLength(100).showSpeed().build();
        } else {
            bar = null;
            if (!quiet) {
                System.err.println("[bench] " + task + " ...");
            }
        }
    }

    public static Progress start(String task, long max, boolean quiet) {
        return new Progress(task, Math.max(1, max), quiet);
    }

    public void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        } else if (!quiet) {
            System.err.printf(java.util.Locale.ROOT, "[bench] %s done in %.1f s%n", task,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
