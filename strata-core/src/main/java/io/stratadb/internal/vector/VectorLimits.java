package io.stratadb.internal.vector;

import io.stratadb.ConstraintException;
import io.stratadb.ValidationException;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Validation of vector-store input; every failure names the bad input. Stateless. */
public final class VectorLimits {
    /** Largest vector dimension (DESIGN limit). */
    public static final int MAX_DIMENSION = 8192;
    /** Collection names: a letter or digit, then up to 127 of letters, digits, {@code _ - .}. */
    public static final Pattern COLLECTION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$");
    /** Largest vector key, UTF-8 bytes (the storage key also holds the collection name). */
    public static final int MAX_KEY_BYTES = 512;
    /** Largest k of one search. */
    public static final int MAX_K = 10_000;

    private VectorLimits() {
    }

    /** Space names, as the engine defines them. */
    public static final Pattern SPACE = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");

    public static String checkSpace(String space) {
        if (space == null || !SPACE.matcher(space).matches()) {
            throw new ValidationException("invalid space name '" + space
                    + "': must match ^[a-z][a-z0-9_-]{0,63}$");
        }
        return space;
    }

    public static String checkCollection(String name) {
        if (name == null) {
            throw new ValidationException("collection name must not be null");
        }
        if (!COLLECTION.matcher(name).matches()) {
            throw new ValidationException("invalid collection name '" + name
                    + "': must be 1..128 of letters, digits, '_', '-', '.', starting with a letter or digit");
        }
        return name;
    }

    public static int checkDimension(int dimension) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new ValidationException("vector dimension must be in 1.." + MAX_DIMENSION + ", got " + dimension);
        }
        return dimension;
    }

    public static String checkKey(String key) {
        if (key == null) {
            throw new ValidationException("vector key must not be null");
        }
        if (key.isEmpty()) {
            throw new ValidationException("vector key must not be empty");
        }
        int len = key.getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_KEY_BYTES) {
            throw new ValidationException("vector key is " + len + " bytes of UTF-8, more than the limit of "
                    + MAX_KEY_BYTES + " (starts with '" + key.substring(0, Math.min(32, key.length())) + "...')");
        }
        return key;
    }

    public static int checkK(int k) {
        if (k < 1 || k > MAX_K) {
            throw new ValidationException("k must be in 1.." + MAX_K + ", got " + k);
        }
        return k;
    }

    /**
     * Checks a vector against a collection: non-null, the collection's dimension (else
     * {@link ConstraintException}), finite components, and not all zero under cosine.
     */
    public static float[] checkVector(String what, float[] v, int dimension, boolean cosine, String collection) {
        if (v == null) {
            throw new ValidationException(what + " must not be null");
        }
        if (v.length != dimension) {
            throw new ConstraintException(what + " has dimension " + v.length + " but collection '" + collection
                    + "' has dimension " + dimension);
        }
        boolean allZero = true;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new ValidationException(what + " component " + i + " is " + v[i]
                        + "; only finite values are allowed");
            }
            allZero &= v[i] == 0f;
        }
        if (cosine && allZero) {
            throw new ValidationException(what + " is all zeros, which has no direction under the cosine metric"
                    + " of collection '" + collection + "'");
        }
        return v;
    }
}
