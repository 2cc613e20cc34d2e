package io.stratadb.internal.executor;

import io.stratadb.IoException;
import io.stratadb.StrataException;
import io.stratadb.ValidationException;
import io.stratadb.command.BranchCommand;
import io.stratadb.command.Command;
import io.stratadb.command.DbCommand;
import io.stratadb.command.EventCommand;
import io.stratadb.command.JsonCommand;
import io.stratadb.command.KvCommand;
import io.stratadb.command.Result;
import io.stratadb.command.SpaceCommand;
import io.stratadb.command.StateCommand;
import io.stratadb.command.TxnCommand;
import io.stratadb.internal.engine.StorageErrors;
import io.stratadb.storage.StorageException;

import java.util.Objects;

/**
 * Runs {@link Command}s against a database in a {@link Session}: one handler per command family,
 * each translating a command record into engine calls and the engine's answer into a
 * {@link Result} record. The facade, the CLI and any binding go through here.
 *
 * <p>Thread-safe: commands of one session run one at a time (the session is locked), commands of
 * different sessions run concurrently. Every failure is a {@link StrataException}: engine errors pass
 * through; stray storage errors are translated; a {@code NullPointerException} or
 * {@code IllegalArgumentException} from below becomes a {@link ValidationException} naming the command.
 */
public final class Executor {
    private final Database database;
    private final KvHandler kv;
    private final StateHandler state;
    private final EventHandler events;
    private final JsonHandler json;
    private final BranchHandler branches;
    private final SpaceHandler spaces;
    private final TxnHandler txns;
    private final DbHandler db;

    Executor(Database database) {
        this.database = database;
        Binder binder = new Binder(database.engine());
        this.kv = new KvHandler(binder);
        this.state = new StateHandler(binder);
        this.events = new EventHandler(binder);
        this.json = new JsonHandler(binder);
        this.branches = new BranchHandler(database.engine());
        this.spaces = new SpaceHandler(database.engine());
        this.txns = new TxnHandler(database.engine());
        this.db = new DbHandler(database);
    }

    /**
     * Runs {@code command} in {@code session}.
     *
     * @throws StrataException (a subclass) for every failure; {@code StateException} once the database is closed
     */
    @SuppressWarnings("unchecked")
    public <R extends Result> R execute(Session session, Command<R> command) {
        Objects.requireNonNull(session, "session");
        if (command == null) {
            throw new ValidationException("command must not be null");
        }
        database.checkOpen();
        synchronized (session) {
            try {
                Result r = switch (command) {
                    case KvCommand<?> c -> kv.handle(session, c);
                    case StateCommand<?> c -> state.handle(session, c);
                    case EventCommand<?> c -> events.handle(session, c);
                    case JsonCommand<?> c -> json.handle(session, c);
                    case BranchCommand<?> c -> branches.handle(session, c);
                    case SpaceCommand<?> c -> spaces.handle(session, c);
                    case TxnCommand<?> c -> txns.handle(session, c);
                    case DbCommand<?> c -> db.handle(session, c);
                };
                return (R) r;
            } catch (StrataException e) {
                throw e;
            } catch (StorageException e) {
                throw StorageErrors.translate(e);
            } catch (NullPointerException | IllegalArgumentException e) {
                throw new ValidationException(command.op() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IoException(command.op() + " failed unexpectedly: " + e, e);
            }
        }
    }
}
