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
}
