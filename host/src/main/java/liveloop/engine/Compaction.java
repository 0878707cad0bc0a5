package liveloop.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * Compaction: the active declarations of a long-lived session declared again in a fresh one,
 * so that the old JShell, its class loader and every class it ever loaded can be collected.
 * Without it each redefinition keeps a class and JShell's record of it for good, and memory
 * and evaluation time grow with the length of the session.
 *
 * <p>The fresh session is built while the old one keeps ticking; variables' initializers do
 * not run again (they are given the live values instead), and the switch, with the values
 * copied as they are at that moment, is one task on the loop thread between two ticks.
 * Snippets keep their ids, temporary variables their names.
 *
 * <p>An object of a class the session declared (a record, a lambda) cannot cross into the
 * fresh session, whose classes are new: while a variable holds one, compaction waits; so it
 * does while such a class has a static field that is not a constant.
 */
final class Compaction {
    /** More objects than this reachable from the variables, and the check gives up. */
    static final int MAX_OBJECTS_CHECKED = 200_000;

    private Compaction() {}

    /** Why a compaction did not happen; the old session goes on unchanged. */
    static final class Skipped extends Exception {
        Skipped(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The user's snippets in {@code session}, in the order they were made: declarations, and the
     * statements and expressions that listings show (they are carried, not run again).
     */
    static List<Snippet> carried(Session session) {
        return session.jshell.snippets()
                .filter(sn -> session.jshell.status(sn).isActive())
                .filter(sn -> !session.setUp.contains(sn))
                .toList();
    }

    /** The variables of {@code session} (the bindings too), by name. */
    static List<String> variables(Session session) {
        return session.jshell.variables()
                .filter(v -> session.jshell.status(v) == Snippet.Status.VALID)
                .map(VarSnippet::name)
                .toList();
    }

    /**
     * The current value of each variable, read from the newest class that declares it. Loop
     * thread.
     *
     * @throws Skipped if one of them reaches an object of a class the session declared, or such
     *     a class keeps static state: neither can move into a fresh session
     */
    static Map<String, Object> values(Session session, List<String> names) throws Skipped, IllegalAccessException {
        for (Class<?> type : session.loader.declaredTypes()) {
            for (Field field : type.getDeclaredFields()) {
                if (isState(field)) {
                    throw new Skipped("class " + type.getSimpleName() + " keeps static state (" + field.getName()
                            + "), which a fresh class would not have");
                }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        int loaded = session.loader.loadedCount();
        for (String name : names) {
            Field field = session.loader.findVariable(name, loaded);
            values.put(name, field == null ? null : field.get(null));
        }
        Optional<String> pinned = snippetObjectIn(values, session.loader.classLoader());
        if (pinned.isPresent()) {
            throw new Skipped(pinned.get());
        }
        return values;
    }

    /**
     * Declares {@code declarations} again in {@code fresh}, with their ids; nothing runs:
     * variables take {@code values} rather than running their initializers.
     *
     * @return each old snippet with its new counterpart
     * @throws Skipped if a declaration does not end as it is in the old session
     */
    static Map<Snippet, Snippet> replay(Session old, Session fresh, List<Snippet> declarations,
            Map<String, Object> values, SnippetIds ids) throws Skipped {
        Map<Snippet, Snippet> replayed = new LinkedHashMap<>();
        fresh.control.replay(values);
        try {
            for (List<Snippet> group : madeTogether(declarations)) {
                Snippet first = group.get(0);
                List<Snippet> made = declare(fresh, group, first.source(), ids);
                if (made == null && first.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    // Its expression no longer compiles (it used a class since replaced); what
                    // counts is its value, which replaying sets anyway.
                    VarSnippet temporary = (VarSnippet) first;
                    made = declare(fresh, group, temporary.typeName() + " " + temporary.name() + ";", ids);
                }
                if (made != null) {
                    for (int i = 0; i < group.size(); i++) {
                        replayed.put(group.get(i), made.get(i));
                    }
                } else if (first instanceof PersistentSnippet) {
                    throw new Skipped("#" + first.id() + " could not be declared again: " + first.source().strip());
                }
                // A statement that no longer compiles is history nothing refers to: left behind.
            }
        } finally {
            fresh.control.endReplay();
        }
        for (Map.Entry<Snippet, Snippet> pair : replayed.entrySet()) {
            Snippet.Status was = old.jshell.status(pair.getKey());
            Snippet.Status now = fresh.jshell.status(pair.getValue());
            if (was != now) {
                throw new Skipped("#" + pair.getKey().id() + " is " + now + " in the fresh session, " + was + " in the old");
            }
        }
        return replayed;
    }

    /**
     * Whether a field of a declared class holds state of its own: a static field, but not a
     * constant, an enum's constant or what javac adds (a switch map, an assertion flag).
     */
    private static boolean isState(Field field) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) || field.isSynthetic() || field.isEnumConstant()) {
            return false;
        }
        boolean constantType = field.getType().isPrimitive() || field.getType() == String.class;
        return !(Modifier.isFinal(modifiers) && constantType);
    }

    /**
     * The snippets in runs that one evaluation made: {@code int a = 1, b = 2;} makes two, each
     * with the whole declaration as its source.
     */
    private static List<List<Snippet>> madeTogether(List<Snippet> snippets) {
        List<List<Snippet>> groups = new ArrayList<>();
        for (Snippet snippet : snippets) {
            List<Snippet> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && snippet.kind() == Snippet.Kind.VAR && last.get(0).kind() == Snippet.Kind.VAR
                    && last.get(0).source().equals(snippet.source())) {
                last.add(snippet);
            } else {
                groups.add(new ArrayList<>(List.of(snippet)));
            }
        }
        return groups;
    }

    /**
     * {@code source} declared in {@code fresh} as the snippets of {@code group} again, with their
     * ids; null if that failed, and then it left nothing behind.
     */
    private static List<Snippet> declare(Session fresh, List<Snippet> group, String source, SnippetIds ids) {
        Snippet first = group.get(0);
        String temporary = first.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                ? ((VarSnippet) first).name() : null;
        List<String> wanted = group.stream().map(Snippet::id).toList();
        List<SnippetEvent> events = ids.replaying(wanted, temporary, () -> fresh.jshell.eval(source));
        List<SnippetEvent> made = events.stream().filter(e -> e.causeSnippet() == null).toList();
        boolean failed = made.size() != group.size()
                || !made.stream().map(e -> e.snippet().id()).toList().equals(wanted)
                || made.stream().anyMatch(e -> e.status() == Snippet.Status.REJECTED || e.exception() != null);
        if (failed) {
            made.stream().filter(e -> fresh.jshell.status(e.snippet()).isActive())
                    .forEach(e -> fresh.jshell.drop(e.snippet()));
            return null;
        }
        return made.stream().map(SnippetEvent::snippet).toList();
    }

    /**
     * Sets every variable of {@code fresh} to its value in {@code old}, as it is now. Loop thread,
     * between two ticks, as the switch itself.
     */
    static void carryValues(Session old, Session fresh, List<String> names) throws Skipped, IllegalAccessException {
        Map<String, Object> values = values(old, names);
        int loaded = fresh.loader.loadedCount();
        for (Map.Entry<String, Object> value : values.entrySet()) {
            Field field = fresh.loader.findVariable(value.getKey(), loaded);
            if (field == null) {
                throw new Skipped("variable " + value.getKey() + " has no class in the fresh session");
            }
            field.set(null, value.getValue());
        }
    }

    /**
     * Where, among the objects reachable from {@code roots}, one of a class {@code loader}
     * defined is (a lambda's too), e.g. {@code points -> [2] -> REPL.$JShell$7$Point}; empty if
     * there is none. It looks inside arrays, collections, maps and objects of classes outside
     * the JDK; other JDK objects are opaque to it.
     */
    static Optional<String> snippetObjectIn(Map<String, Object> roots, ClassLoader loader) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Reached> queue = new ArrayDeque<>();
        roots.forEach((name, value) -> queue.add(new Reached(value, "variable " + name)));
        while (!queue.isEmpty()) {
            Reached r = queue.poll();
            Object o = r.object;
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            if (seen.size() > MAX_OBJECTS_CHECKED) {
                return Optional.of("the variables reach more than " + MAX_OBJECTS_CHECKED + " objects");
            }
            Class<?> declared = o instanceof Class<?> c ? c : o.getClass();
            if (declared.getClassLoader() == loader) {
                String what = declared.isHidden() ? "a lambda"
                        : (o instanceof Class ? "the class " : "an object of class ") + declared.getSimpleName();
                return Optional.of(r.path + " holds " + what + " the session declared");
            }
            if (o instanceof Object[] array) {
                for (int i = 0; i < array.length; i++) {
                    queue.add(new Reached(array[i], r.path + "[" + i + "]"));
                }
            } else if (o instanceof Collection<?> collection) {
                int i = 0;
                for (Object element : collection) {
                    queue.add(new Reached(element, r.path + "[" + i++ + "]"));
                }
            } else if (o instanceof Map<?, ?> map) {
                map.forEach((key, value) -> {
                    queue.add(new Reached(key, r.path + " key"));
                    queue.add(new Reached(value, r.path + "[" + key + "]"));
                });
            } else if (o instanceof Optional<?> optional) {
                optional.ifPresent(value -> queue.add(new Reached(value, r.path + ".get()")));
            } else {
                addFields(r, queue);
            }
        }
        return Optional.empty();
    }

    private record Reached(Object object, String path) {}

    /** The fields of an object of a class outside the JDK (whose fields are closed to reflection). */
    private static void addFields(Reached r, ArrayDeque<Reached> queue) {
        for (Class<?> c = r.object.getClass(); c != null && !c.getModule().isNamed(); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || !f.trySetAccessible()) {
                    continue;
                }
                try {
                    queue.add(new Reached(f.get(r.object), r.path + "." + f.getName()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + f + " though it was made accessible", e);
                }
            }
        }
    }
}
