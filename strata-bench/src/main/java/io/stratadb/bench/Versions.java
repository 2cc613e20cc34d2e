package io.stratadb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The pinned peer library versions (from the pom, via resource filtering), for the reports. */
public final class Versions {
    private static final Properties P = new Properties();

    static {
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                P.load(in);
            }
        } catch (IOException e) {
            // versions are informational; a missing file leaves them "?"
        }
    }

    private Versions() {
    }

    /** The version of {@code artifact} (e.g. "rocksdbjni"), or "?" when unknown. */
    public static String of(String artifact) {
        String v = P.getProperty(artifact);
        return v == null || v.startsWith("${") ? "?" : v;
    }
}
