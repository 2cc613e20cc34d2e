package io.stratadb;

/**
 * How {@link Strata#transaction(TxOptions, java.util.function.Consumer)} runs its body.
 *
 * @param readOnly    writes inside the body throw {@link AccessDeniedException}
 * @param maxAttempts on a {@link ConflictException} the whole body is run again, up to this many
 *                    times in total (&gt;= 1); bodies that are retried must have no effects outside the
 *                    transaction
 */
public record TxOptions(boolean readOnly, int maxAttempts) {
    /** Read-write, one attempt: a conflict is thrown to the caller. */
    public static final TxOptions DEFAULT = new TxOptions(false, 1);
    /** Read-only, one attempt. */
    public static final TxOptions READ_ONLY = new TxOptions(true, 1);

    public TxOptions {
        if (maxAttempts < 1) {
            throw new ValidationException("maxAttempts must be >= 1, got " + maxAttempts);
        }
    }

    /** Read-write, retried on conflict up to {@code maxAttempts} times. */
    public static TxOptions retrying(int maxAttempts) {
        return new TxOptions(false, maxAttempts);
    }
}
