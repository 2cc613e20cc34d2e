package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.RetentionFilter;

import org.junit.jupiter.api.Test;

class RetentionFilterTest {
    private static byte[] prefix(long branch, String user) {
        return InternalKeys.prefix(InternalKeyCodec.encode(branch, Key.of("default", 1, user), 1));
    }

    @Test
    void policyPinsCatalogAndInheritance() {
        // branch 2 has a child forked at version 50; branch 3 has a parent
        RetentionFilter f = new RetentionFilter(RetentionPolicy.keepLatest(2), 1_000,
                b -> b == 2 ? new long[] {50} : new long[0], b -> b == 3, b -> b == 7, 0);
        byte[] p2 = prefix(2, "k");
        assertFalse(f.mayDrop(p2, 10, 20, 1, 0, false), "keepLatest(2): one newer version is not enough");
        assertTrue(f.mayDrop(p2, 10, 20, 2, 0, false));
        assertFalse(f.mayDrop(p2, 40, 60, 5, 0, false), "child forked at 50 reads version 40");
        assertTrue(f.mayDrop(p2, 60, 70, 5, 0, false));
        assertFalse(f.mayDrop(prefix(0, "catalog"), 1, 2, 9, 0, false), "catalog branch is never touched");
        assertTrue(f.mayDropBottomTombstone(p2, 5));
        assertFalse(f.mayDropBottomTombstone(prefix(3, "k"), 5), "a forked branch's tombstone hides its parent");
        assertFalse(f.mayDrop(new byte[] {1, 2, 3}, 1, 2, 9, 0, false), "undecodable key is kept");
        assertTrue(f.mayDropKey(prefix(7, "k")), "deleted branch without descendants");
        assertFalse(f.mayDropKey(p2));
        assertFalse(f.mayDropKey(prefix(0, "k")));
        RetentionFilter keepFor = new RetentionFilter(RetentionPolicy.keepFor(100), 1_000, b -> new long[0],
                b -> false, b -> false, 0);
        assertTrue(keepFor.mayDrop(p2, 1, 2, 1, 800, false));
        assertFalse(keepFor.mayDrop(p2, 1, 2, 1, 950, false));
    }
}
