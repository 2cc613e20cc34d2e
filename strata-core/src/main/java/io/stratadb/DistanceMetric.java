package io.stratadb;

import java.util.Locale;

/**
 * How a vector collection compares vectors. Every search score is higher-is-better:
 * <ul>
 *   <li>{@link #COSINE}: cosine similarity in [-1, 1] (vectors are compared after normalization;
 *       a zero vector cannot be stored or searched in a cosine collection);</li>
 *   <li>{@link #EUCLIDEAN}: {@code 1 / (1 + d)} where {@code d} is the L2 distance, in (0, 1];</li>
 *   <li>{@link #DOT_PRODUCT}: the raw inner product.</li>
 * </ul>
 */
public enum DistanceMetric {
    COSINE, EUCLIDEAN, DOT_PRODUCT;

    /** The lower-case wire name: {@code cosine}, {@code euclidean}, {@code dot_product}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name (case-insensitive; {@code dot}, {@code l2} and {@code dotproduct} accepted as aliases).
     *
     * @throws ValidationException naming the input when it is not a metric
     */
    public static DistanceMetric parse(String name) {
        if (name == null) {
            throw new ValidationException("metric must not be null (cosine, euclidean or dot_product)");
        }
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cosine":
                return COSINE;
            case "euclidean":
            case "l2":
                return EUCLIDEAN;
            case "dot_product":
            case "dotproduct":
            case "dot":
                return DOT_PRODUCT;
            default:
                throw new ValidationException("unknown metric \"" + name
                        + "\": expected cosine, euclidean or dot_product");
        }
    }
}
