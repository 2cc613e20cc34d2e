package io.stratadb.storage.internal.backend;

/** Validation of backend object names (see {@link Backend}). Stateless. */
public final class ObjectNames {
    /** Suffix reserved for temporary objects written by {@code publish}. */
    public static final String TEMP_SUFFIX = ".tmp";

    private ObjectNames() {
    }

    /**
     * Returns {@code name} if valid: 1..255 characters, segments of {@code [A-Za-z0-9._-]} separated by
     * single {@code '/'}, no segment "." or "..", not ending in {@value #TEMP_SUFFIX}.
     *
     * @throws IllegalArgumentException naming the bad name and the reason
     */
    public static String check(String name) {
        checkSyntax(name);
        if (name.endsWith(TEMP_SUFFIX)) {
            throw new IllegalArgumentException("object name '" + name + "' ends with reserved suffix " + TEMP_SUFFIX);
        }
        return name;
    }

    static String checkSyntax(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("object name must have 1..255 characters, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        for (String seg : name.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("object name '" + name + "' has an empty, '.' or '..' segment");
            }
            for (int i = 0; i < seg.length(); i++) {
                char c = seg.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == '-';
                if (!ok) {
                    throw new IllegalArgumentException("object name '" + name + "' has illegal character '" + c + "'");
                }
            }
        }
        return name;
    }

    /** The prefix given to {@link Backend#list}: empty or a valid name prefix. */
    public static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null");
        }
        return prefix;
    }
}
