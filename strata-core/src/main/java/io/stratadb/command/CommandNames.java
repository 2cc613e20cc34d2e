package io.stratadb.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON names of commands and results, derived from the sealed hierarchies so that a new record is
 * registered by being declared: {@code KvCommand.ListPage} is {@code kv_list_page}, {@code Result.KeyPage}
 * is {@code key_page}.
 */
public final class CommandNames {
    /** Names computed once per class: {@link Command#op()} is on every command's hot path. */
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return computeName(type);
        }
    };

    private static final Map<String, Class<?>> COMMANDS = index(Command.class, true);
    private static final Map<String, Class<?>> RESULTS = index(Result.class, false);

    private CommandNames() {
    }

    /** Every command record class by JSON name, in declaration order. */
    public static Map<String, Class<?>> commands() {
        return COMMANDS;
    }

    /** Every result record class by JSON name. */
    public static Map<String, Class<?>> results() {
        return RESULTS;
    }

    static String nameOf(Class<?> c) {
        return NAMES.get(c);
    }

    private static String computeName(Class<?> c) {
        String simple = snake(c.getSimpleName());
        Class<?> outer = c.getEnclosingClass();
        if (outer != null && Command.class.isAssignableFrom(outer)) {
            String family = outer.getSimpleName().replace("Command", "");
            return snake(family) + "_" + simple;
        }
        return simple;
    }

    private static Map<String, Class<?>> index(Class<?> root, boolean commands) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        List<Class<?>> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(0);
            if (c.isSealed()) {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            } else if (c.isRecord()) {
                Class<?> prev = out.put(nameOf(c), c);
                if (prev != null) {
                    throw new IllegalStateException("two " + (commands ? "commands" : "results") + " named "
                            + nameOf(c) + ": " + prev + " and " + c);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
