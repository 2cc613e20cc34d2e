package io.stratadb.bench.ann;

import io.stratadb.bench.BenchUsageException;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Loads the ANN datasets. Real data comes from {@code shared/datasets} (found beside the repository,
 * or under {@code STRATA_DATASETS}) and from Debian's {@code dataset-fashion-mnist}; missing files
 * give a {@link BenchUsageException} saying how to get them.
 */
public final class Datasets {
    public static final Set<String> NAMES = Set.of("sift5k", "mnist9k", "fashion-mnist", "synthetic", "text384");
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private Datasets() {
    }

    /**
     * @param maxBase    use at most this many base vectors (0 = all)
     * @param maxQueries use at most this many queries (0 = all)
     */
    public static Dataset load(String name, Path sharedDatasets, int maxBase, int maxQueries, long seed,
                               Path cacheDir) {
        Dataset d = switch (name) {
            case "sift5k" -> sift5k(sharedDatasets);
            case "mnist9k" -> mnist9k(sharedDatasets);
            case "fashion-mnist" -> fashion();
            case "synthetic" -> synthetic(maxBase > 0 ? maxBase : 20_000, maxQueries > 0 ? maxQueries : 500, 128,
                    seed);
            case "text384" -> text384(maxBase > 0 ? maxBase : 10_000, maxQueries > 0 ? maxQueries : 500, cacheDir);
            default -> throw new BenchUsageException("unknown dataset '" + name + "' (known: " + NAMES + ")");
        };
        float[][] base = maxBase > 0 && d.base().length > maxBase ? Arrays.copyOf(d.base(), maxBase) : d.base();
        float[][] q = maxQueries > 0 && d.queries().length > maxQueries ? Arrays.copyOf(d.queries(), maxQueries)
                : d.queries();
        return new Dataset(d.name(), d.source(), base, q);
    }

    /** Locates {@code shared/datasets}: $STRATA_DATASETS, then ../shared/datasets and ../../shared/datasets. */
    public static Path findShared() {
        String env = System.getenv("STRATA_DATASETS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve("datasets");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return cwd.resolve("../shared/datasets").normalize();
    }

    static Dataset sift5k(Path shared) {
        Path tsv = require(shared.resolve("ngt-sift5k/sift-dataset-5k.tsv"), "sift5k");
        Path qf = require(shared.resolve("siftsmall/siftsmall_query.fvecs"), "sift5k");
        try (BufferedReader r = Files.newBufferedReader(tsv, StandardCharsets.US_ASCII)) {
            List<float[]> base = new ArrayList<>();
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (parts.length < 128) {
                    throw new IllegalArgumentException(tsv + " line " + lineNo + ": expected 128 values, got "
                            + parts.length);
                }
                float[] v = new float[128];
                for (int i = 0; i < 128; i++) {
                    v[i] = Float.parseFloat(parts[i]);
                }
                base.add(v);
            }
            return new Dataset("sift5k", "NGT sift-dataset-5k.tsv (5000 real SIFT, 128-d) + siftsmall 100 queries, L2",
                    base.toArray(float[][]::new), readFvecs(qf));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv, e);
        }
    }

    static Dataset mnist9k(Path shared) {
        Path f = require(shared.resolve("mnist-t10k/t10k-images-idx3-ubyte.gz"), "mnist9k");
        float[][] all = readIdxImages(f);
        return new Dataset("mnist9k", "MNIST t10k images 0..8999 base, 9000..9999 queries, 784-d, L2 on 0..255",
                Arrays.copyOfRange(all, 0, 9000), Arrays.copyOfRange(all, 9000, all.length));
    }

    static Dataset fashion() {
        Path train = FASHION.resolve("train-images-idx3-ubyte.gz");
        Path test = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        if (!Files.isRegularFile(train) || !Files.isRegularFile(test)) {
            throw new BenchUsageException("dataset fashion-mnist needs Debian's package dataset-fashion-mnist ("
                    + FASHION + " is missing): run 'sudo apt-get install dataset-fashion-mnist' "
                    + "(bench/run installs it itself when run as root)");
        }
        return new Dataset("fashion-mnist", "Fashion-MNIST (Debian dataset-fashion-mnist): 60000 train base, "
                + "10000 test queries, 784-d, L2 on 0..255", readIdxImages(train), readIdxImages(test));
    }

    /** Gaussian clusters: 64 centres in [-1,1]^d, points N(centre, 0.3^2). Seeded. */
    static Dataset synthetic(int n, int q, int dim, long seed) {
        Random r = new Random(seed);
        int k = 64;
        float[][] centres = new float[k][dim];
        for (float[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = r.nextFloat() * 2 - 1;
            }
        }
        float[][] base = new float[n][];
        float[][] queries = new float[q][];
        for (int i = 0; i < n + q; i++) {
            float[] c = centres[r.nextInt(k)];
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = c[j] + (float) (r.nextGaussian() * 0.3);
            }
            if (i < n) {
                base[i] = v;
            } else {
                queries[i - n] = v;
            }
        }
        return new Dataset("synthetic", "seeded Gaussian clusters (64 centres, σ=0.3), " + dim + "-d, L2, seed "
                + seed, base, queries);
    }

    static final String EMBEDDER = "io.stratadb.bench.ann.text.MiniLmEmbedder";

    /**
     * Real 384-d sentence embeddings: {@link TextCorpus} sentences embedded with all-MiniLM-L6-v2
     * (LangChain4j, in-process). Embeddings are cached under {@code cacheDir} as .fvecs; the base and
     * query sentences are disjoint. Needs the text384 build profile (bench/run enables it).
     */
    static Dataset text384(int nBase, int nQueries, Path cacheDir) {
        Path cache = cacheDir.resolve("text384-" + nBase + "-" + nQueries + ".fvecs");
        float[][] all;
        if (Files.isRegularFile(cache)) {
            all = readFvecs(cache);
        } else {
            List<String> texts = TextCorpus.sentences(nBase + nQueries);
            if (texts.size() < 200) {
                throw new BenchUsageException("dataset text384 found only " + texts.size() + " sentences under "
                        + TextCorpus.ROOTS + "; it needs Debian's installed documentation");
            }
            all = embed(texts);
            writeFvecs(cache, all);
        }
        int q = Math.min(nQueries, all.length / 10);
        return new Dataset("text384", "all-MiniLM-L6-v2 (LangChain4j in-process) embeddings of " + all.length
                + " sentences from this machine's Debian documentation (/usr/share/doc, common-licenses); "
                + "384-d normalized, L2 (same ranking as cosine)",
                Arrays.copyOfRange(all, 0, all.length - q), Arrays.copyOfRange(all, all.length - q, all.length));
    }

    private static float[][] embed(List<String> texts) {
        Class<?> c;
        try {
            c = Class.forName(EMBEDDER);
        } catch (ClassNotFoundException e) {
            throw new BenchUsageException("dataset text384 needs the text384 build (LangChain4j MiniLM): run it "
                    + "through bench/run, which builds with -Ptext384, or build with ./mvnw -pl strata-bench -am "
                    + "package -Ptext384");
        }
        try (io.stratadb.bench.report.Progress p = io.stratadb.bench.report.Progress.start(
                "embedding " + texts.size() + " sentences with MiniLM", texts.size(), false)) {
            java.util.function.IntConsumer step = p::step;
            return (float[][]) c.getMethod("embed", List.class, java.util.function.IntConsumer.class)
                    .invoke(null, texts, step);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MiniLM embedding failed: " + e.getCause(), e);
        }
    }

    static void writeFvecs(Path f, float[][] vs) {
        try {
            Files.createDirectories(f.getParent());
            ByteBuffer b = ByteBuffer.allocate(vs.length * (4 + 4 * vs[0].length)).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : vs) {
                b.putInt(v.length);
                for (float x : v) {
                    b.putFloat(x);
                }
            }
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, b.array());
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache " + f, e);
        }
    }

    private static Path require(Path p, String dataset) {
        if (!Files.isRegularFile(p)) {
            throw new BenchUsageException("dataset " + dataset + " needs " + p + " (the shared/datasets folder; set "
                    + "STRATA_DATASETS to its location)");
        }
        return p;
    }

    /** texmex .fvecs: per vector int32 LE dimension then that many float32 LE. */
    static float[][] readFvecs(Path f) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            List<float[]> out = new ArrayList<>();
            while (b.remaining() >= 4) {
                int d = b.getInt();
                if (d <= 0 || d > 65536 || b.remaining() < 4L * d) {
                    throw new IllegalArgumentException(f + ": bad vector header (dimension " + d + ") at offset "
                            + (b.position() - 4));
                }
                float[] v = new float[d];
                for (int i = 0; i < d; i++) {
                    v[i] = b.getFloat();
                }
                out.add(v);
            }
            return out.toArray(float[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** gzip'd IDX3 images: int32 BE magic 2051, count, rows, cols, then uint8 pixels. */
    static float[][] readIdxImages(Path f) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f), 1 << 16);
             DataInputStream d = new DataInputStream(in)) {
            int magic = d.readInt();
            if (magic != 2051) {
                throw new IllegalArgumentException(f + ": not an IDX3 image file (magic " + magic + " at offset 0)");
            }
            int n = d.readInt();
            int rows = d.readInt();
            int cols = d.readInt();
            int dim = rows * cols;
            byte[] buf = new byte[dim];
            float[][] out = new float[n][dim];
            for (int i = 0; i < n; i++) {
                d.readFully(buf);
                for (int j = 0; j < dim; j++) {
                    out[i][j] = buf[j] & 0xff;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
