package io.stratadb.internal.executor;

import io.stratadb.DatabaseInfo;
import io.stratadb.command.DbCommand;
import io.stratadb.command.Result;
import io.stratadb.internal.engine.StorageErrors;
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
        int spaces;
        try {
            spaces = db.engine().spaces(s.branch()).list().size();
        } catch (io.stratadb.StrataException e) {
            spaces = 0; // the session's branch was deleted by another session
        }
        return new DatabaseInfo(Database.VERSION, db.path() == null ? null : db.path().toString(), db.durabilityName(),
                db.persistent(), db.readOnly(), st.latestVersion(), st.branches(), spaces, st.keys(), st.versions(),
                st.memtableBytes(), st.bytesPerLevel(), st.blobBytes(), st.walBytes(), st.cacheHitRate(), st.state(),
                Database.health(st.health()), s.branch(), s.space());
    }
}
