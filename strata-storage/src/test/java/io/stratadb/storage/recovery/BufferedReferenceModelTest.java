package io.stratadb.storage.recovery;

import io.stratadb.storage.Durability;

/** {@link DurableReferenceModelTest} in BUFFERED mode. */
class BufferedReferenceModelTest extends DurableReferenceModelTest {
    @Override
    protected Durability mode() {
        return Durability.BUFFERED;
    }
}
