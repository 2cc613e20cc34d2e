package io.stratadb.internal.engine;

import io.stratadb.Seeds;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written name checks accept exactly what the documented patterns accept (seeded). */
class NamesTest {
    private static final String ALPHABET = "azAZ09_-.:/ \n\0éa-z";

    @Test
    void loopsAgreeWithThePatterns() {
        long seed = Seeds.seed();
        Random r = Seeds.random(seed);
        for (int i = 0; i < 50_000; i++) {
            int len = r.nextInt(10) == 0 ? 60 + r.nextInt(75) : r.nextInt(6);
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < len; j++) {
                b.append(r.nextInt(4) == 0 ? ALPHABET.charAt(r.nextInt(ALPHABET.length()))
                        : (char) ('a' + r.nextInt(26)));
            }
            String s = b.toString();
            assertEquals(Names.SPACE.matcher(s).matches(), Names.isSpaceName(s), "space '" + s + "' seed " + seed);
            assertEquals(Names.BRANCH.matcher(s).matches(), Names.isBranchName(s), "branch '" + s + "' seed " + seed);
        }
        for (String s : new String[] {"", "a", "default", "a".repeat(64), "a".repeat(65), "A".repeat(128),
                "A".repeat(129), "-x", ".x", "/x", "_x", "x\n", "feature/x:1.2"}) {
            assertEquals(Names.SPACE.matcher(s).matches(), Names.isSpaceName(s), "space '" + s + "'");
            assertEquals(Names.BRANCH.matcher(s).matches(), Names.isBranchName(s), "branch '" + s + "'");
        }
    }
}
