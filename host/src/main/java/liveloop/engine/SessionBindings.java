package liveloop.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands objects the embedding program binds (such as {@code world}) to the session: the
 * engine declares {@code World world = (World) SessionBindings.get(session, "world");}, an
 * ordinary snippet the user can see with {@code /list}. Public only because snippet code,
 * which lives in another package, must call it.
 */
public final class SessionBindings {
    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();

    private SessionBindings() {}

    public static Object get(String session, String name) {
        String key = session + "/" + name;
        if (!VALUES.containsKey(key)) {
            throw new IllegalStateException("nothing is bound to " + name + " in session " + session);
        }
        return VALUES.get(key);
    }

    static void put(String session, String name, Object value) {
        VALUES.put(session + "/" + name, value);
    }

    static void clear(String session) {
        VALUES.keySet().removeIf(key -> key.startsWith(session + "/"));
    }

    /** The value's nearest class or interface that snippet code can name. */
    static Class<?> publicTypeOf(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            if (accessible(t)) {
                return t;
            }
            for (Class<?> i : t.getInterfaces()) {
                if (accessible(i)) {
                    return i;
                }
            }
        }
        return Object.class;
    }

    private static boolean accessible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!java.lang.reflect.Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

}
