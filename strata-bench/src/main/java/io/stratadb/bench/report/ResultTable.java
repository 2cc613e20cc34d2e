package io.stratadb.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A named table of result rows (all cells are strings, already formatted). Renders as CSV and as
 * a GitHub Markdown table. Not thread-safe: suites fill it from their driver thread.
 */
public final class ResultTable {
    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public ResultTable(String title, String... columns) {
        this.title = Objects.requireNonNull(title, "title");
        if (columns.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = List.of(columns);
    }

    /** Adds a row; {@code cells} must match the column count. Nulls render as empty cells. */
    public ResultTable add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row of " + cells.length + " cells for table '" + title + "' with "
                    + columns.size() + " columns " + columns);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(c == null ? "" : c.toString());
        }
        rows.add(row);
        return this;
    }

    public String title() {
        return title;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public int columnIndex(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("table '" + title + "' has no column '" + name + "'");
        }
        return i;
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        appendCsvLine(sb, columns);
        for (List<String> r : rows) {
            appendCsvLine(sb, r);
        }
        return sb.toString();
    }

    private static void appendCsvLine(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        sb.append('\n');
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append('|');
        for (String c : columns) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append("\n|");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(" --- |");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append('|');
            for (String c : r) {
                sb.append(' ').append(c.replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
