package liveloop.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import liveloop.machine.Behaviours;

/**
 * States and hooks by name, for the loop thread. After each change the engine thread publishes
 * what is live: the zero-argument methods, with the states among them already turned into
 * behaviour objects (see {@link BehaviourClasses}), so that the tick after a change only looks
 * a name up. Resolving reflects over the session's classes and allocates; on the loop thread
 * it took over 1 ms for 10 of 1,514 changes (max 8.7 ms), each a late tick. Hooks run only on
 * transitions and are resolved when first asked for, once per change.
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
    // less was a tenth of a tick's cost in the bench's JMH timing of the machine (384f8fa).
    private volatile long version;
    private volatile Live live = new Live(null, Set.of(), Map.of());
    private volatile Hooks hooks = new Hooks(-1, Map.of());

    /** What one session makes live: the names of its zero-argument methods, and its states resolved. */
    static final class Live {
        private final SnippetLoader loader;
        private final Set<String> methods;
        private final Map<String, State> states;

        private Live(SnippetLoader loader, Set<String> methods, Map<String, State> states) {
            this.loader = loader;
            this.methods = methods;
            this.states = states;
        }
    }

    /**
     * Resolves the states among {@code methods}, the live zero-argument methods' names, in
     * {@code loader}'s classes (those returning a String are states). Engine thread, once the
     * change's classes are installed.
     */
    static Live resolve(SnippetLoader loader, Set<String> methods) {
        return new Live(loader, Set.copyOf(methods), Map.copyOf(loader.states(methods)));
    }

    /** From now on names resolve to what {@code now} holds. Loop thread, or before ticking starts. */
    void publish(Live now) {
        live = now;
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
        return live.states.get(name);
    }

    @Override
    public Hook hook(String name) {
        Live now = live;
        if (!now.methods.contains(name)) {
            return null;
        }
        long at = version;
        Hooks cache = hooks;
        if (cache.version != at) {
            cache = new Hooks(at, new ConcurrentHashMap<>()); // a test may ask from its own thread
            hooks = cache;
        }
        return cache.found.computeIfAbsent(name, now.loader::hook); // null: not kept, asked again
    }

    private record Hooks(long version, Map<String, Hook> found) {}
}
