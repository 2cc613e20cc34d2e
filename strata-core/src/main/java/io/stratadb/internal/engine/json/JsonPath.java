package io.stratadb.internal.engine.json;

import io.stratadb.ValidationException;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed path of the supported JSONPath subset: {@code $} (the root), {@code .key},
 * {@code ['key']} / {@code ["key"]} (with {@code \\} escapes), {@code [n]} (an array index; negative
 * counts from the end). Anything else — wildcards, filters, slices, recursive descent, unions —
 * is rejected with a {@link ValidationException} naming the path and the position. Immutable.
 */
public final class JsonPath {
    /** One step: a field name or an array index. */
    public sealed interface Segment permits Field, Index {
    }

    public record Field(String name) implements Segment {
    }

    public record Index(long index) implements Segment {
    }

    private final String text;
    private final List<Segment> segments;

    private JsonPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    public static final JsonPath ROOT = new JsonPath("$", List.of());

    public String text() {
        return text;
    }

    public List<Segment> segments() {
        return segments;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Parses {@code path}. */
    public static JsonPath parse(String path) {
        if (path == null) {
            throw new ValidationException("JSON path must not be null");
        }
        String p = path.strip();
        if (p.isEmpty() || p.charAt(0) != '$') {
            throw bad(path, 0, "must start with '$'");
        }
        List<Segment> segs = new ArrayList<>();
        int i = 1;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            if (c == '.') {
                if (i + 1 < n && p.charAt(i + 1) == '.') {
                    throw bad(path, i, "recursive descent '..' is not supported");
                }
                int start = ++i;
                while (i < n && p.charAt(i) != '.' && p.charAt(i) != '[') {
                    char d = p.charAt(i);
                    if (d == '*' || d == '?' || d == '@' || d == '(' || d == ')' || d == ']' || d == '\''
                            || d == '"' || Character.isWhitespace(d)) {
                        throw bad(path, i, "unexpected '" + d + "' in a field name (use ['...'] for unusual names;"
                                + " wildcards and filters are not supported)");
                    }
                    i++;
                }
                if (i == start) {
                    throw bad(path, start, "empty field name after '.'");
                }
                segs.add(new Field(p.substring(start, i)));
            } else if (c == '[') {
                i++;
                if (i >= n) {
                    throw bad(path, i, "unterminated '['");
                }
                char d = p.charAt(i);
                if (d == '\'' || d == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char e = p.charAt(i);
                        if (e == '\\' && i + 1 < n) {
                            sb.append(p.charAt(i + 1));
                            i += 2;
                        } else if (e == d) {
                            closed = true;
                            i++;
                            break;
                        } else {
                            sb.append(e);
                            i++;
                        }
                    }
                    if (!closed) {
                        throw bad(path, i, "unterminated quoted name");
                    }
                    if (i >= n || p.charAt(i) != ']') {
                        throw bad(path, i, "expected ']' after the quoted name (unions are not supported)");
                    }
                    i++;
                    segs.add(new Field(sb.toString()));
                } else {
                    int start = i;
                    if (i < n && p.charAt(i) == '-') {
                        i++;
                    }
                    while (i < n && Character.isDigit(p.charAt(i))) {
                        i++;
                    }
                    if (i == start || (i == start + 1 && p.charAt(start) == '-') || i >= n || p.charAt(i) != ']') {
                        throw bad(path, start, "expected an integer index, 'name' or \"name\" inside [...]"
                                + " (wildcards, slices and filters are not supported)");
                    }
                    long idx;
                    try {
                        idx = Long.parseLong(p.substring(start, i));
                    } catch (NumberFormatException e) {
                        throw bad(path, start, "index out of range");
                    }
                    i++;
                    segs.add(new Index(idx));
                }
            } else {
                throw bad(path, i, "unexpected '" + c + "' (expected '.' or '[')");
            }
        }
        return new JsonPath(p, segs);
    }

    private static ValidationException bad(String path, int pos, String why) {
        return new ValidationException("unsupported or invalid JSON path '" + path + "' at position " + pos + ": "
                + why + " (supported: $, .key, ['key'], [n])");
    }
}
