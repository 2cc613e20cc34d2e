package io.stratadb.command;

/** Database-wide commands. */
public sealed interface DbCommand<R extends Result> extends Command<R> {

    /** Health check: returns the Strata version. */
    record Ping() implements DbCommand<Result.Pong> {
    }

    record Info() implements DbCommand<Result.Info> {
    }

    /** Makes every acknowledged commit durable now. */
    record Flush() implements DbCommand<Result.Unit> {
    }

    /** Runs a compaction now. */
    record Compact() implements DbCommand<Result.Unit> {
    }

    /**
     * The newest commit version whose timestamp is at or before {@code micros} (0 if none), or the
     * latest commit version when {@code micros} is null. Pins a time to a version (snapshots do).
     */
    record VersionAt(Long micros) implements DbCommand<Result.Version> {
        public VersionAt {
            Args.nonNegativeOrNull("db_version_at", "micros", micros);
        }
    }
}
