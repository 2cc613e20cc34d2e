package io.stratadb.storage;

import java.util.Arrays;
import java.util.Random;

/** Seeded random damage to a byte string, for the decoder fuzz tests' runs in every build. */
public final class Damage {
    private Damage() {
    }

    /** Random damage: 1-4 edits, each a bit flip, a byte overwrite, a truncation, an insertion, a deletion or a splice. */
    public static byte[] of(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] n = new byte[b.length + 1 + rnd.nextInt(8)];
                    System.arraycopy(b, 0, n, 0, at);
                    for (int i = at; i < at + n.length - b.length; i++) {
                        n[i] = (byte) rnd.nextInt(256);
                    }
                    System.arraycopy(b, at, n, at + n.length - b.length, b.length - at);
                    b = n;
                }
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(8));
                    byte[] n = new byte[b.length - len];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + len, n, at, b.length - at - len);
                    b = n;
                }
                default -> { // copy a run of the object over another place in it
                    int from = rnd.nextInt(b.length);
                    int len = Math.min(Math.min(b.length - from, b.length - at), 1 + rnd.nextInt(16));
                    System.arraycopy(b.clone(), from, b, at, len);
                }
            }
        }
        return b;
    }
}
