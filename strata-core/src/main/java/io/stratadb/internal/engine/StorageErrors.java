package io.stratadb.internal.engine;

import io.stratadb.AccessDeniedException;
import io.stratadb.ConflictException;
import io.stratadb.IoException;
import io.stratadb.NotFoundException;
import io.stratadb.StateException;
import io.stratadb.StrataException;
import io.stratadb.ValidationException;
import io.stratadb.storage.BranchExistsException;
import io.stratadb.storage.BranchNotFoundException;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageStateException;

import java.util.function.Supplier;

/**
 * The one place where storage exceptions become {@link StrataException}s:
 * <ul>
 *   <li>{@link BranchNotFoundException} → {@link NotFoundException}</li>
 *   <li>{@link BranchExistsException} → {@link StateException} (duplicate branch)</li>
 *   <li>{@link CommitConflictException} → {@link ConflictException}</li>
 *   <li>{@link InvalidKeyException} → {@link ValidationException}</li>
 *   <li>{@link StorageStateException} → {@link StateException} for a second writer (the lock is held),
 *       {@link AccessDeniedException} when the message says read-only,
 *       else {@link StateException} (closed, degraded, finished transaction)</li>
 *   <li>{@link StorageIOException} and any other storage error → {@link IoException}</li>
 * </ul>
 * The storage exception is kept as the cause.
 */
public final class StorageErrors {
    private StorageErrors() {
    }

    public static StrataException translate(StorageException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof BranchNotFoundException) {
            return new NotFoundException(m, e);
        }
        if (e instanceof BranchExistsException) {
            return new StateException(m, e);
        }
        if (e instanceof CommitConflictException) {
            return new ConflictException(m, e);
        }
        if (e instanceof InvalidKeyException) {
            return new ValidationException(m, e);
        }
        if (e instanceof StorageStateException) {
            if (m.contains("already open for writing")) {
                return new StateException(m, e); // a second writer: names the lock (its advice mentions read-only)
            }
            if (m.toLowerCase(java.util.Locale.ROOT).contains("read-only")
                    || m.toLowerCase(java.util.Locale.ROOT).contains("read only")) {
                return new AccessDeniedException(m, e);
            }
            return new StateException(m, e);
        }
        if (e instanceof StorageIOException) {
            return new IoException(m, e);
        }
        return new IoException(m, e);
    }

    /** Runs {@code body}, translating storage exceptions. */
    public static <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (StorageException e) {
            throw translate(e);
        }
    }

    /** Runs {@code body}, translating storage exceptions. */
    public static void run(Runnable body) {
        try {
            body.run();
        } catch (StorageException e) {
            throw translate(e);
        }
    }
}
