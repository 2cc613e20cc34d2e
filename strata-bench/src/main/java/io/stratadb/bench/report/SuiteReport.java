package io.stratadb.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Everything one suite run produced: settings, each engine's configuration, result tables and
 * charts. {@link #write} puts {@code <suite>.md}, {@code <suite>.csv} (the first table),
 * {@code <suite>-<table>.csv} (the others) and {@code <suite>.png} (the first chart; further charts
 * {@code <suite>-<n>.png}) into the output folder, replacing the previous run's files.
 * Not thread-safe.
 */
public final class SuiteReport {
    private final String suite;
    private final String title;
    private final List<String> settings = new ArrayList<>();
    private final Map<String, String> configurations = new LinkedHashMap<>();
    private final List<ResultTable> tables = new ArrayList<>();
    private final List<Chart<?, ?>> charts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String machine = Machine.describe();
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    public SuiteReport(String suite, String title) {
        this.suite = suite;
        this.title = title;
    }

    public String suite() {
        return suite;
    }

    public SuiteReport setting(String line) {
        settings.add(line);
        return this;
    }

    public SuiteReport configuration(String engine, String config) {
        configurations.put(engine, config);
        return this;
    }

    public SuiteReport note(String line) {
        notes.add(line);
        return this;
    }

    public ResultTable table(ResultTable t) {
        tables.add(t);
        return t;
    }

    public List<ResultTable> tables() {
        return tables;
    }

    public SuiteReport chart(Chart<?, ?> c) {
        charts.add(c);
        return this;
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        sb.append("Run ").append(started).append(" on ").append(machine).append(".\n\n");
        if (!settings.isEmpty()) {
            sb.append("Settings:\n\n");
            for (String s : settings) {
                sb.append("- ").append(s).append('\n');
            }
            sb.append('\n');
        }
        if (!configurations.isEmpty()) {
            sb.append("Engine configurations:\n\n");
            configurations.forEach((k, v) -> sb.append("- **").append(k).append("**: ").append(v).append('\n'));
            sb.append('\n');
        }
        for (ResultTable t : tables) {
            sb.append("## ").append(t.title()).append("\n\n").append(t.toMarkdown()).append('\n');
        }
        for (int i = 0; i < charts.size(); i++) {
            sb.append("![").append(suite).append(" chart ").append(i + 1).append("](").append(chartName(i))
                    .append(")\n\n");
        }
        for (String n : notes) {
            sb.append("> ").append(n).append("\n\n");
        }
        return sb.toString();
    }

    private String chartName(int i) {
        return i == 0 ? suite + ".png" : suite + "-" + (i + 1) + ".png";
    }

    /** Writes the files; returns the Markdown path. */
    public Path write(Path outDir) {
        try {
            Files.createDirectories(outDir);
            Path md = outDir.resolve(suite + ".md");
            Files.writeString(md, toMarkdown(), StandardCharsets.UTF_8);
            for (int i = 0; i < tables.size(); i++) {
                String name = i == 0 ? suite + ".csv" : suite + "-" + slug(tables.get(i).title()) + ".csv";
                Files.writeString(outDir.resolve(name), tables.get(i).toCsv(), StandardCharsets.UTF_8);
            }
            for (int i = 0; i < charts.size(); i++) {
                BitmapEncoder.saveBitmap(charts.get(i), outDir.resolve(chartName(i)).toString(),
                        BitmapEncoder.BitmapFormat.PNG);
            }
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results of suite " + suite + " to " + outDir, e);
        }
    }

    static String slug(String s) {
        String x = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        x = x.replaceAll("^-+|-+$", "");
        return x.length() > 40 ? x.substring(0, 40) : x;
    }
}
