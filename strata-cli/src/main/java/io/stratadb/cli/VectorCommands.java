package io.stratadb.cli;

import io.stratadb.DistanceMetric;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.VectorFilter;
import io.stratadb.command.CommandJson;
import io.stratadb.command.VectorCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "vector", description = "Vector collections: create, list, stats, upsert, get, delete, search, drop.%n"
        + "Vectors are comma-separated floats (0.1,0.2,0.3) or a JSON array ([0.1, 0.2, 0.3]).")
final class VectorCommands extends Family {
    @Command(name = "create", description = "Create collection NAME for vectors of DIM components; prints the version.")
    void create(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "DIM") int dimension,
                @Option(names = {"-m", "--metric"}, paramLabel = "METRIC", defaultValue = "cosine",
                        description = "cosine (default), euclidean or dot_product") String metric) {
        show(new VectorCommand.CreateCollection(name, dimension, DistanceMetric.parse(metric), null));
    }

    @Command(name = "drop", description = "Delete collection NAME and all its vectors; prints whether it existed.")
    void drop(@Parameters(paramLabel = "NAME") String name) {
        show(new VectorCommand.DeleteCollection(name, null));
    }

    @Command(name = "list", description = "List the collections of the current space.")
    void list(@Mixin CliValues.ReadAt at) {
        show(new VectorCommand.ListCollections(at.scope()));
    }

    @Command(name = "stats", description = "Dimension, metric, count and index of collection NAME.")
    void stats(@Parameters(paramLabel = "NAME") String name, @Mixin CliValues.ReadAt at) {
        show(new VectorCommand.Stats(name, at.scope()));
    }

    @Command(name = "upsert", description = "Store VECTOR under KEY in COLLECTION; prints the commit version.")
    void upsert(@Parameters(paramLabel = "COLLECTION") String collection, @Parameters(paramLabel = "KEY") String key,
                @Parameters(paramLabel = "VECTOR") String vector,
                @Option(names = "--meta", paramLabel = "JSON", description = "metadata object, e.g. {\"cat\":\"a\"}")
                String meta) {
        Value metadata = meta == null ? null : CliValues.parseJson("--meta", meta);
        show(new VectorCommand.Upsert(collection, key, parseVector("VECTOR", vector), metadata, null));
    }

    @Command(name = "get", description = "Print the vector under KEY with its metadata.")
    void get(@Parameters(paramLabel = "COLLECTION") String collection, @Parameters(paramLabel = "KEY") String key,
             @Mixin CliValues.ReadAt at) {
        show(new VectorCommand.Get(collection, key, at.scope()));
    }

    @Command(name = "delete", description = "Delete the vector under KEY; prints whether it existed.")
    void delete(@Parameters(paramLabel = "COLLECTION") String collection, @Parameters(paramLabel = "KEY") String key) {
        show(new VectorCommand.Delete(collection, key, null));
    }

    @Command(name = "search", description = "The K nearest vectors to QUERY (best first), optionally filtered.")
    void search(@Parameters(paramLabel = "COLLECTION") String collection,
                @Parameters(paramLabel = "QUERY") String query,
                @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "hits (default 10)") int k,
                @Option(names = {"-f", "--filter"}, paramLabel = "FIELD:OP:VALUE",
                        description = "metadata filter (repeatable, AND): OP is eq ne gt gte lt lte in contains; "
                                + "VALUE is JSON or a string, e.g. cat:eq:science, year:gte:2021, tag:in:[\"a\",\"b\"]")
                List<String> filters,
                @Option(names = "--ef", paramLabel = "N", description = "HNSW beam width (recall vs speed)") Integer ef,
                @Mixin CliValues.ReadAt at) {
        List<VectorFilter> fs = new ArrayList<>();
        if (filters != null) {
            for (String f : filters) {
                fs.add(parseFilter(f));
            }
        }
        show(new VectorCommand.Search(collection, parseVector("QUERY", query), k, fs, ef, at.scope()));
    }

    /** {@code 0.1,0.2} or {@code [0.1, 0.2]} as floats. @throws ValidationException naming the bad component */
    static float[] parseVector(String what, String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[")) {
            Value v = CliValues.parseJson(what, t);
            if (!(v instanceof Value.Array a)) {
                throw new ValidationException(what + " must be a JSON array of numbers, got " + t);
            }
            float[] out = new float[a.values().size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = switch (a.values().get(i)) {
                    case Value.Int n -> n.value();
                    case Value.Float f -> (float) f.value();
                    default -> throw new ValidationException(what + ": component " + i + " is not a number: "
                            + CommandJson.valueToJson(a.values().get(i)));
                };
            }
            return nonEmpty(what, out);
        }
        if (t.isEmpty()) {
            throw new ValidationException(what + " must not be empty (give comma-separated floats, e.g. 0.1,0.2)");
        }
        String[] parts = t.split(",", -1);
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ValidationException(what + ": component " + i + " '" + parts[i].trim()
                        + "' is not a number");
            }
        }
        return nonEmpty(what, out);
    }

    private static float[] nonEmpty(String what, float[] v) {
        if (v.length == 0) {
            throw new ValidationException(what + " must have at least one component");
        }
        return v;
    }

    /** {@code FIELD:OP:VALUE}; VALUE is JSON, or a string when it is not JSON. */
    static VectorFilter parseFilter(String text) {
        int a = text.indexOf(':');
        int b = a < 0 ? -1 : text.indexOf(':', a + 1);
        if (a <= 0 || b < 0) {
            throw new ValidationException("filter '" + text + "' must be FIELD:OP:VALUE, e.g. cat:eq:science");
        }
        return new VectorFilter(text.substring(0, a), VectorFilter.Op.parse(text.substring(a + 1, b)),
                CliValues.parse(text.substring(b + 1), false));
    }
}
