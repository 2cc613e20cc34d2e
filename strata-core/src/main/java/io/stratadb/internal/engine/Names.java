package io.stratadb.internal.engine;

import io.stratadb.ValidationException;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Validation of names and keys at the engine boundary; every failure names the bad input. */
public final class Names {
    /** Space names: {@code ^[a-z][a-z0-9_-]{0,63}$}. */
    public static final Pattern SPACE = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");
    /** Branch names: letters, digits, {@code _ - . : /}, 1..128 characters, not starting with '.' or '-'. */
    public static final Pattern BRANCH = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,127}$");
    /** Largest key / cell name / document key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Largest event type, in characters. */
    public static final int MAX_EVENT_TYPE = 256;
    /** Largest page size. */
    public static final int MAX_LIMIT = 100_000;

    public static final String DEFAULT_SPACE = "default";
    public static final String DEFAULT_BRANCH = "default";

    private Names() {
    }

    public static String checkSpace(String space) {
        if (space == null) {
            throw new ValidationException("space name must not be null");
        }
        if (!isSpaceName(space)) {
            throw new ValidationException("invalid space name '" + space
                    + "': must match ^[a-z][a-z0-9_-]{0,63}$ (lower-case letter first, then up to 63 of a-z 0-9 _ -)");
        }
        return space;
    }

    public static String checkBranch(String branch) {
        if (branch == null) {
            throw new ValidationException("branch name must not be null");
        }
        if (!isBranchName(branch)) {
            throw new ValidationException("invalid branch name '" + branch
                    + "': must be 1..128 of letters, digits, '_', '-', '.', ':', '/' and not start with '-', '.' or '/'");
        }
        return branch;
    }

    /** Whether {@code s} matches {@link #SPACE}; a loop, because every engine call checks its space. */
    static boolean isSpaceName(String s) {
        int n = s.length();
        if (n < 1 || n > 64 || !lower(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(lower(c) || digit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} matches {@link #BRANCH}; a loop, because every engine call checks its branch. */
    static boolean isBranchName(String s) {
        int n = s.length();
        if (n < 1 || n > 128) {
            return false;
        }
        char first = s.charAt(0);
        if (!(lower(first) || upper(first) || digit(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(lower(c) || upper(c) || digit(c) || c == '_' || c == '.' || c == ':' || c == '/' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Checks a KV key / state cell / JSON document key and returns its UTF-8 bytes. */
    public static byte[] checkKey(String what, String key) {
        if (key == null) {
            throw new ValidationException(what + " must not be null");
        }
        if (key.isEmpty()) {
            throw new ValidationException(what + " must not be empty");
        }
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_KEY_BYTES) {
            throw new ValidationException(what + " is " + b.length + " bytes of UTF-8, more than the limit of "
                    + MAX_KEY_BYTES + " (starts with '" + key.substring(0, Math.min(32, key.length())) + "...')");
        }
        return b;
    }

    /** A listing prefix: null means everything. */
    public static byte[] checkPrefix(String prefix) {
        if (prefix == null) {
            return new byte[0];
        }
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_KEY_BYTES) {
            throw new ValidationException("prefix is " + b.length + " bytes, more than the key limit of "
                    + MAX_KEY_BYTES);
        }
        return b;
    }

    public static String checkEventType(String type) {
        if (type == null) {
            throw new ValidationException("event type must not be null");
        }
        if (type.isEmpty()) {
            throw new ValidationException("event type must not be empty");
        }
        if (type.length() > MAX_EVENT_TYPE) {
            throw new ValidationException("event type is " + type.length() + " characters, more than the limit of "
                    + MAX_EVENT_TYPE);
        }
        if (type.indexOf('\0') >= 0) {
            throw new ValidationException("event type must not contain NUL characters: '" + type.replace('\0', '?')
                    + "'");
        }
        return type;
    }

    /** A page size; {@code null} means {@code dflt}. */
    public static int checkLimit(Integer limit, int dflt) {
        if (limit == null) {
            return dflt;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
