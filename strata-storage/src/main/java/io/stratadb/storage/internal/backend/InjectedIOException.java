package io.stratadb.storage.internal.backend;

import java.io.IOException;

/** The failure {@link FaultInjectingBackend} throws for a planned fault; names the operation and its number. */
public final class InjectedIOException extends IOException {
    private final long opNumber;

    public InjectedIOException(long opNumber, String what) {
        super("injected I/O fault at operation #" + opNumber + " (" + what + ")");
        this.opNumber = opNumber;
    }

    public long opNumber() {
        return opNumber;
    }
}
