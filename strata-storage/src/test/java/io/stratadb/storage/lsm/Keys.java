package io.stratadb.storage.lsm;

import io.stratadb.storage.internal.lsm.InternalKeys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Prefix-free test keys: escaped user key bytes (0x00 -> 0x00 0xFF) plus a 0x00 0x01 terminator, like the runtime codec. */
final class Keys {
    private Keys() {
    }

    static byte[] prefix(byte[] user) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : user) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0);
        out.write(1);
        return out.toByteArray();
    }

    static byte[] prefix(String user) {
        return prefix(user.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] key(String user, long version) {
        return InternalKeys.of(prefix(user), version);
    }
}
