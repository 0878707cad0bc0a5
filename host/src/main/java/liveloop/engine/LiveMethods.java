package liveloop.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.WrongMethodTypeException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import liveloop.machine.Behaviours;

/**
 * States and hooks by name, for the loop thread. The engine thread publishes which
 * zero-argument methods are live after each change; the loop thread turns a name into a
 * method handle once per change and calls it directly afterwards.
 */
final class LiveMethods implements Behaviours {
    private final AtomicLong version = new AtomicLong();
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
        version.incrementAndGet();
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public State state(String name) {
        if (!Boolean.TRUE.equals(methods.get(name))) {
            return null;
        }
        MethodHandle handle = handle(name, MethodType.methodType(String.class));
        return handle == null ? null : () -> (String) handle.invokeExact();
    }

    @Override
    public Hook hook(String name) {
        if (!methods.containsKey(name)) {
            return null;
        }
        // Typed ()Object whatever the hook returns: javac compiles a bare invokeExact() call
        // as ()Object, even as a statement.
        MethodHandle handle = handle(name, MethodType.methodType(Object.class));
        return handle == null ? null : () -> {
            Object ignored = (Object) handle.invokeExact();
        };
    }

    /** The live method {@code name()} adapted to {@code type}, cached until the next change. */
    private MethodHandle handle(String name, MethodType type) {
        long now = version.get();
        Resolved cache = resolved;
        if (cache.version != now) {
            cache = new Resolved(now, new HashMap<>());
            resolved = cache;
        }
        String key = name + type.toMethodDescriptorString();
        synchronized (cache.handles) {
            if (cache.handles.containsKey(key)) {
                return cache.handles.get(key);
            }
        }
        MethodHandle found = loader.findStatic(name);
        MethodHandle adapted = null;
        if (found != null) {
            try {
                adapted = found.asType(type);
            } catch (WrongMethodTypeException e) {
                adapted = null; // declared with another return type: not a state
            }
        }
        synchronized (cache.handles) {
            cache.handles.put(key, adapted);
        }
        return adapted;
    }

    private record Resolved(long version, Map<String, MethodHandle> handles) {}
}
