package io.stratadb.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratadb.JsonValues;
import io.stratadb.StrataException;
import io.stratadb.ValidationException;
import io.stratadb.Value;

import java.io.IOException;
import java.util.Map;

/**
 * JSON form of commands and results. A command is an object whose {@code "op"} field names it
 * (see {@link CommandNames}) and whose other fields are the record's components; a result is an
 * object with a {@code "result"} field naming it. Values use {@link JsonValues}: Bytes are
 * {@code {"$bytes": "<base64>"}}, the Null value is JSON {@code null}, and an absent value (Java null,
 * e.g. the value of a deleted version) is an omitted field. Every command and result round-trips.
 *
 * <p>Thread-safe. Malformed input (unknown op, unknown or missing field, wrong type, a value that
 * fails the record's validation) throws {@link ValidationException} saying what was wrong.
 */
public final class CommandJson {
    private static final String OP = "op";
    private static final String RESULT = "result";
    private static final ObjectMapper MAPPER = buildMapper();

    private CommandJson() {
    }

    /** The Jackson mapper configured for Strata values and records (do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Command<?> command) {
        return write(tagged(OP, command.op(), command));
    }

    public static String toJson(Result result) {
        return write(tagged(RESULT, result.resultName(), result));
    }

    public static JsonNode toTree(Command<?> command) {
        return tagged(OP, command.op(), command);
    }

    public static JsonNode toTree(Result result) {
        return tagged(RESULT, result.resultName(), result);
    }

    /** Parses a command. @throws ValidationException naming what is wrong */
    public static Command<?> commandFromJson(String json) {
        return commandFromTree(readTree(json));
    }

    public static Command<?> commandFromTree(JsonNode tree) {
        return (Command<?>) untag(tree, OP, CommandNames.commands(), "command");
    }

    /** Parses a result. @throws ValidationException naming what is wrong */
    public static Result resultFromJson(String json) {
        return resultFromTree(readTree(json));
    }

    public static Result resultFromTree(JsonNode tree) {
        return (Result) untag(tree, RESULT, CommandNames.results(), "result");
    }

    /** A value as JSON text (Bytes tagged). */
    public static String valueToJson(Value v) {
        return write(JsonValues.toJsonNode(v));
    }

    /** A value from JSON text. @throws ValidationException for malformed JSON */
    public static Value valueFromJson(String json) {
        return JsonValues.fromJsonNode(readTree(json));
    }

    /** Any record (or other bean) as pretty JSON, values tagged: used by the CLI to print results. */
    public static String pretty(Object o) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new StrataException("cannot write " + o.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    private static ObjectNode tagged(String tagField, String name, Object record) {
        ObjectNode body = MAPPER.valueToTree(record);
        ObjectNode out = MAPPER.createObjectNode();
        out.put(tagField, name);
        out.setAll(body);
        return out;
    }

    private static Object untag(JsonNode tree, String tagField, Map<String, Class<?>> types, String what) {
        if (tree == null || !tree.isObject()) {
            throw new ValidationException(what + " JSON must be an object, got "
                    + (tree == null ? "nothing" : tree.getNodeType()));
        }
        JsonNode tag = tree.get(tagField);
        if (tag == null || !tag.isTextual()) {
            throw new ValidationException(what + " JSON needs a string field \"" + tagField + "\"");
        }
        Class<?> type = types.get(tag.textValue());
        if (type == null) {
            throw new ValidationException("unknown " + what + " \"" + tag.textValue() + "\"");
        }
        ObjectNode body = ((ObjectNode) tree).deepCopy();
        body.remove(tagField);
        fillPrimitives(body, type, tag.textValue());
        try {
            return MAPPER.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof StrataException se) {
                throw new ValidationException("bad " + what + " \"" + tag.textValue() + "\": " + se.getMessage(), e);
            }
            throw new ValidationException("bad " + what + " \"" + tag.textValue() + "\": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("bad " + what + " \"" + tag.textValue() + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Flags ({@code boolean} components) default to false when absent; an absent number component is
     * an error naming it (Jackson would otherwise say only "cannot map null into long").
     */
    private static void fillPrimitives(ObjectNode body, Class<?> type, String name) {
        if (!type.isRecord()) {
            return;
        }
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            JsonNode v = body.get(c.getName());
            if (!c.getType().isPrimitive() || (v != null && !v.isNull())) {
                continue;
            }
            if (c.getType() == boolean.class) {
                body.put(c.getName(), false);
            } else {
                throw new ValidationException(name + ": " + c.getName() + " is required (a number)");
            }
        }
    }

    private static JsonNode readTree(String json) {
        if (json == null) {
            throw new ValidationException("JSON text must not be null");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new StrataException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper buildMapper() {
        SimpleModule values = new SimpleModule("strata-values");
        values.addSerializer(Value.class, new ValueSerializer());
        values.addDeserializer(Value.class, new ValueDeserializer());
        return JsonMapper.builder()
                .addModule(values)
                // records only: derived is-getters (BranchDiff.isEmpty) are not properties
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** Writes a value through {@link JsonValues}; the Null value becomes JSON null. */
    private static final class ValueSerializer extends JsonSerializer<Value> {
        @Override
        public void serialize(Value v, JsonGenerator gen, SerializerProvider sp) throws IOException {
            gen.writeTree(JsonValues.toJsonNode(v));
        }

        @Override
        public Class<Value> handledType() {
            return Value.class;
        }
    }

    /** Reads a value; JSON null is the Null value, an absent field stays Java null. */
    private static final class ValueDeserializer extends JsonDeserializer<Value> {
        @Override
        public Value deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            return JsonValues.fromJsonNode(n);
        }

        @Override
        public Value getNullValue(DeserializationContext ctxt) {
            return Value.Null.INSTANCE;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
