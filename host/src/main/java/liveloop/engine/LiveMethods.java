package liveloop.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import liveloop.machine.Behaviours;

/**
 * States and hooks by name, for the loop thread. The engine thread publishes which
 * zero-argument methods are live after each change; the loop thread turns a name into a
 * behaviour object once per change (see {@link BehaviourClasses}) and calls it directly afterwards.
 */
final class LiveMethods implements Behaviours {
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(LiveMethods.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // A field of this object, not an AtomicLong: the machine reads it every tick, and one load
    // less is a tenth of a tick's cost (see DispatchBenchmark).
    private volatile long version;
    private volatile SnippetLoader loader; // replaced when the engine compacts its session
    private volatile Map<String, Boolean> methods = Map.of(); // live zero-argument methods -> returns String
    private volatile Resolved resolved = new Resolved(-1, Map.of());

    /** From now on names resolve in {@code loader}'s classes. Loop thread, or before ticking starts. */
    void switchTo(SnippetLoader loader) {
        this.loader = loader;
        changed();
    }

    /** After an evaluation: the live zero-argument methods, and whether each returns a String. */
    void publish(Map<String, Boolean> live) {
        methods = Map.copyOf(live);
        changed();
    }

    /** Classes were loaded or redefined: names may now resolve to other code. */
    void changed() {
        VERSION.getAndAdd(this, 1L);
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public State state(String name) {
        if (!Boolean.TRUE.equals(methods.get(name))) {
            return null;
        }
        SnippetLoader in = loader;
        return (State) resolve("state " + name, () -> in.state(name));
    }

    @Override
    public Hook hook(String name) {
        if (!methods.containsKey(name)) {
            return null;
        }
        SnippetLoader in = loader;
        return (Hook) resolve("hook " + name, () -> in.hook(name));
    }

    /** What {@code find} gives for {@code key}, cached until the next change. */
    private Object resolve(String key, Supplier<Object> find) {
        long now = version;
        Resolved cache = resolved;
        if (cache.version != now) {
            cache = new Resolved(now, new HashMap<>());
            resolved = cache;
        }
        synchronized (cache.found) {
            if (cache.found.containsKey(key)) {
                return cache.found.get(key);
            }
        }
        Object found = find.get();
        synchronized (cache.found) {
            cache.found.put(key, found);
        }
        return found;
    }

    private record Resolved(long version, Map<String, Object> found) {} // found: may map to null
}
