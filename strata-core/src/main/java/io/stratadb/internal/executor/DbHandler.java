package io.stratadb.internal.executor;

import io.stratadb.DatabaseInfo;
import io.stratadb.command.DbCommand;
import io.stratadb.command.Result;
import io.stratadb.internal.engine.StorageErrors;
import io.stratadb.storage.RecoveryHealth;
import io.stratadb.storage.StorageStats;

/** Runs {@link DbCommand}s: ping, info, flush, compact. */
final class DbHandler {
    private final Database db;

    DbHandler(Database db) {
        this.db = db;
    }

    Result handle(Session s, DbCommand<?> command) {
        return switch (command) {
            case DbCommand.Ping c -> new Result.Pong(Database.VERSION);
            case DbCommand.Info c -> new Result.Info(info(s));
            case DbCommand.Flush c -> {
                StorageErrors.run(() -> db.storage().flush());
                yield Result.Unit.INSTANCE;
            }
            case DbCommand.Compact c -> {
                StorageErrors.run(() -> db.storage().compact());
                yield Result.Unit.INSTANCE;
            }
            case DbCommand.VersionAt c -> new Result.Version(StorageErrors.call(() -> c.micros() == null
                    ? db.storage().latestVersion() : db.storage().versionAt(c.micros())));
        };
    }

    private DatabaseInfo info(Session s) {
        StorageStats st = StorageErrors.call(() -> db.storage().stats());
        RecoveryHealth h = st.health();
        String health = h.isHealthy() ? "healthy" : "degraded: " + String.join("; ", h.problems());
        String notice = db.notice();
        if (!db.persistent() && notice == null && db.path() == null) {
            notice = "in-memory database (Strata.cache()): nothing is written to disk";
        }
        return new DatabaseInfo(Database.VERSION, db.path() == null ? null : db.path().toString(), db.durabilityName(),
                db.persistent(), db.readOnly(), st.latestVersion(), st.branches(), st.keys(), s.branch(), s.space(),
                health, notice);
    }
}
