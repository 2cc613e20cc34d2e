package io.stratadb.bench.ann;

import io.stratadb.bench.UnsupportedEngineException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * hnswlib (the C++ reference HNSW) driven through Debian's {@code python3-hnswlib}: a helper script
 * ({@code hnswlib_helper.py}, a resource of this package) runs in a child Python process, builds the
 * index (space 'l2', one thread) from a float32 file this adapter writes, and answers query batches
 * over stdin/stdout. Build time and per-query latency are measured inside Python (one
 * {@code knn_query} call per query, one thread), so they exclude process start and the pipe.
 * If no Python with the hnswlib and numpy modules is found, {@link #build} throws
 * {@link UnsupportedEngineException} naming what was tried. Not thread-safe.
 */
public final class HnswlibAnn extends GraphAnn {
    private static final String SCRIPT = "hnswlib_helper.py";
    private static volatile String probed;
    private static volatile String python;

    private final int m;
    private final int efConstruction;
    private final long seed;
    private Process proc;
    private Path tmp;
    private DataInputStream in;
    private OutputStream out;
    private int dim;
    private double buildSeconds = Double.NaN;
    private long memoryBytes = -1;

    public HnswlibAnn(int m, int efConstruction, long seed) {
        this.m = m;
        this.efConstruction = efConstruction;
        this.seed = seed;
    }

    public static String describe(int m, int efConstruction) {
        String v = probe();
        return (v == null ? "hnswlib (unavailable: " + unavailableMessage() + ")" : v + " via Debian python3-hnswlib ("
                + python + ")") + ": space 'l2', M " + m + " (base layer " + 2 * m + "), ef_construction "
                + efConstruction + ", built with num_threads=1, float32; search knob = ef; build time and per-query "
                + "latency timed inside Python around each knn_query call (excludes the pipe to the JVM); memory = "
                + "Python process RSS growth across the build";
    }

    /** Python interpreters to try: -Dstrata.bench.python, $STRATA_PYTHON, /usr/bin/python3, python3 on PATH. */
    static List<String> candidates() {
        Set<String> c = new LinkedHashSet<>();
        String p = System.getProperty("strata.bench.python");
        if (p != null && !p.isBlank()) {
            c.add(p);
        }
        String e = System.getenv("STRATA_PYTHON");
        if (e != null && !e.isBlank()) {
            c.add(e);
        }
        c.add("/usr/bin/python3");
        c.add("python3");
        return new ArrayList<>(c);
    }

    static String unavailableMessage() {
        return "no Python with the hnswlib and numpy modules (tried " + candidates() + "); install Debian's "
                + "python3-hnswlib (apt-get install python3-hnswlib) or point STRATA_PYTHON at a Python that has it";
    }

    /** The hnswlib version line, or null when no candidate Python can import hnswlib. Cached. */
    static synchronized String probe() {
        if (probed != null) {
            return probed.isEmpty() ? null : probed;
        }
        probed = "";
        Path script;
        try {
            script = extractScript();
        } catch (IOException ex) {
            return null;
        }
        try {
            for (String py : candidates()) {
                try {
                    Process pr = new ProcessBuilder(py, script.toString(), "--probe").redirectErrorStream(true).start();
                    String o = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    if (pr.waitFor(30, TimeUnit.SECONDS) && pr.exitValue() == 0 && o.startsWith("hnswlib ")) {
                        python = py;
                        probed = o;
                        return o;
                    }
                } catch (IOException ex) {
                    // not installed: try the next candidate
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        } finally {
            deleteQuietly(script);
        }
        return null;
    }

    private static Path extractScript() throws IOException {
        Path p = Files.createTempFile("strata-hnswlib-", ".py");
        try (InputStream s = HnswlibAnn.class.getResourceAsStream(SCRIPT)) {
            if (s == null) {
                throw new IOException("resource " + SCRIPT + " missing from the benchmark jar");
            }
            Files.write(p, s.readAllBytes());
        }
        return p;
    }

    @Override
    public void build(float[][] base) {
        if (probe() == null) {
            throw new UnsupportedEngineException(unavailableMessage());
        }
        dim = base[0].length;
        try {
            tmp = Files.createTempDirectory("strata-hnswlib-");
            Path script = tmp.resolve(SCRIPT);
            try (InputStream s = HnswlibAnn.class.getResourceAsStream(SCRIPT)) {
                Files.write(script, s.readAllBytes());
            }
            Path vec = tmp.resolve("base.f32");
            ByteBuffer bb = ByteBuffer.allocate(base.length * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : base) {
                bb.asFloatBuffer().put(v);
                bb.position(bb.position() + dim * 4);
            }
            Files.write(vec, bb.array());
            proc = new ProcessBuilder(python, script.toString(), vec.toString(), Integer.toString(base.length),
                    Integer.toString(dim), Integer.toString(m), Integer.toString(efConstruction),
                    Long.toString(seed & 0x7fffffff)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new DataInputStream(new java.io.BufferedInputStream(proc.getInputStream(), 1 << 16));
            out = new java.io.BufferedOutputStream(proc.getOutputStream(), 1 << 16);
            String line = readLine(in);
            if (line == null || !line.startsWith("BUILT ")) {
                throw new IllegalStateException("hnswlib helper failed to build: " + line);
            }
            String[] f = line.split(" ");
            buildSeconds = Double.parseDouble(f[1]);
            memoryBytes = Long.parseLong(f[2]);
        } catch (IOException ex) {
            close();
            throw new UncheckedIOException("hnswlib helper could not start", ex);
        }
    }

    private static String readLine(DataInputStream s) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = s.read()) != -1 && c != '\n') {
            sb.append((char) c);
        }
        return c == -1 && sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public double reportedBuildSeconds(double measured) {
        return buildSeconds;
    }

    @Override
    public long reportedMemoryBytes(long measured) {
        return memoryBytes;
    }

    @Override
    public int[] search(float[] query, int k) {
        long[] ns = new long[1];
        return searchBatch(new float[][] {query}, 1, k, ns)[0];
    }

    @Override
    public int[][] searchBatch(float[][] queries, int n, int k, long[] nanos) {
        try {
            out.write(("QUERY " + ef + " " + k + " " + n + "\n").getBytes(StandardCharsets.US_ASCII));
            ByteBuffer bb = ByteBuffer.allocate(n * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                bb.asFloatBuffer().put(queries[i]);
                bb.position(bb.position() + dim * 4);
            }
            out.write(bb.array());
            out.flush();
            byte[] ids = new byte[n * k * 4];
            in.readFully(ids);
            byte[] ts = new byte[n * 8];
            in.readFully(ts);
            ByteBuffer ib = ByteBuffer.wrap(ids).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer tb = ByteBuffer.wrap(ts).order(ByteOrder.LITTLE_ENDIAN);
            int[][] res = new int[n][];
            for (int i = 0; i < n; i++) {
                int[] r = new int[k];
                int c = 0;
                for (int j = 0; j < k; j++) {
                    int id = ib.getInt();
                    if (id >= 0) {
                        r[c++] = id;
                    }
                }
                res[i] = c == k ? r : java.util.Arrays.copyOf(r, c);
                nanos[i] = tb.getLong();
            }
            return res;
        } catch (IOException ex) {
            throw new UncheckedIOException("hnswlib helper stopped answering", ex);
        }
    }

    @Override
    public void close() {
        if (proc != null) {
            try {
                out.write("QUIT\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                proc.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException ex) {
                // already gone
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            proc.destroy();
            proc = null;
        }
        if (tmp != null) {
            try (var files = Files.list(tmp)) {
                files.forEach(HnswlibAnn::deleteQuietly);
            } catch (IOException ex) {
                // best effort
            }
            deleteQuietly(tmp);
            tmp = null;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ex) {
            // best effort cleanup of a temp file
        }
    }
}
