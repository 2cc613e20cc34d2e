package io.stratadb.internal.engine;

import io.stratadb.AccessDeniedException;
import io.stratadb.ConflictException;
import io.stratadb.IoException;
import io.stratadb.NotFoundException;
import io.stratadb.StateException;
import io.stratadb.ValidationException;
import io.stratadb.storage.BranchExistsException;
import io.stratadb.storage.BranchNotFoundException;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageStateException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StorageErrorsTest {
    @Test
    void everyStorageErrorMapsToItsPublicKind() {
        assertInstanceOf(NotFoundException.class, StorageErrors.translate(new BranchNotFoundException("x")));
        assertInstanceOf(StateException.class, StorageErrors.translate(new BranchExistsException("x")));
        assertInstanceOf(ConflictException.class, StorageErrors.translate(
                new CommitConflictException("b", Key.of("default", 1, "k"), 1, 2)));
        assertInstanceOf(ValidationException.class, StorageErrors.translate(new InvalidKeyException("bad")));
        assertInstanceOf(AccessDeniedException.class, StorageErrors.translate(
                new StorageStateException("storage is open read-only")));
        assertInstanceOf(StateException.class, StorageErrors.translate(new StorageStateException("closed")));
        assertInstanceOf(IoException.class, StorageErrors.translate(new StorageIOException("disk",
                new IOException("x"))));
        assertInstanceOf(IoException.class, StorageErrors.translate(new StorageException("other")));
        StorageException cause = new InvalidKeyException("bad");
        assertSame(cause, StorageErrors.translate(cause).getCause());
        assertThrows(NotFoundException.class, () -> StorageErrors.call(() -> {
            throw new BranchNotFoundException("nope");
        }));
    }

    @Test
    void closedStorageGivesStateException() {
        var storage = TestStorages.open();
        Engine engine = new Engine(storage);
        engine.kv("default", "default").put("k", io.stratadb.Value.of(1));
        storage.close();
        assertThrows(StateException.class, () -> engine.kv("default", "default").get("k"));
    }
}
