package liveloop.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;
import liveloop.machine.Behaviours;

/**
 * Loads snippet classes in a loader whose parent is the host's, so snippets and the host share
 * the same {@code Class} objects (the stock local engine's parent is the system loader, which
 * breaks under {@code mvn exec:java}). Remembers the order classes were loaded in: the newest
 * wrapper class that declares a method holds its live version.
 */
final class SnippetLoader implements LoaderDelegate {
    /** JShell wraps each top-level declaration in a class named like {@code REPL.$JShell$12B}. */
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$[0-9A-Za-z_]+");
    private static final String WRAPPER_PREFIX = "REPL.$JShell$";

    private final SnippetClassLoader loader;
    private final Forwarders forwarders = new Forwarders();
    private final List<Class<?>> wrappers = new ArrayList<>(); // load order; guarded by this
    private final List<Class<?>> declaredTypes = new ArrayList<>(); // the user's classes, records...; guarded by this
    private final Map<Method, Behaviours.State> states = new ConcurrentHashMap<>(); // a snippet's method -> its state
    private final Map<Method, Behaviours.Hook> hooks = new ConcurrentHashMap<>(); // a snippet's method -> its hook
    private final AtomicInteger behaviourClasses = new AtomicInteger(); // names them
    // Classes defined or redefined so far: the loop thread installs, the engine thread defines states.
    private final AtomicInteger installedClasses = new AtomicInteger();

    SnippetLoader(ClassLoader parent) {
        this.loader = new SnippetClassLoader(parent, forwarders);
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) {
            Optional<Set<String>> forwarded = forwarded(cbc);
            if (forwarded.isPresent()) {
                loader.declare(cbc.name(), ForwarderClasses.forwarders(cbc.bytecodes(), forwarded.get()));
                try {
                    forwarders.forwardTo(cbc.name(), forwarded.get(), defineBody(cbc, forwarded.get()));
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new ClassInstallException("could not load snippet class: " + e, installed);
                }
            } else {
                loader.declare(cbc.name(), prepared(cbc));
            }
        }
        installedClasses.addAndGet(cbcs.length);
        try {
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> loaded = loader.loadClass(cbcs[i].name());
                installed[i] = true;
                synchronized (this) {
                    (WRAPPER.matcher(loaded.getName()).matches() ? wrappers : declaredTypes).add(loaded);
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ClassInstallException("could not load snippet class: " + e, installed);
        }
    }

    /** Whether {@code className} was loaded as forwarders, so that it changes by {@link #newVersions}. */
    boolean forwards(String className) {
        return forwarders.methods(className).isPresent();
    }

    /**
     * Defines the bodies of new versions of forwarder classes; the work returned points the
     * forwarders at them, and until it runs nothing has changed.
     *
     * @throws ClassInstallException if a new version cannot be forwarded to: it declares other
     *     methods, or something only the JVM can redefine (a field, a nested class)
     */
    Installation newVersions(List<ClassBytecodes> cbcs) throws ClassInstallException {
        Map<ClassBytecodes, Class<?>> bodies = new LinkedHashMap<>();
        for (ClassBytecodes cbc : cbcs) {
            Optional<Set<String>> methods = forwarded(cbc);
            if (methods.isEmpty() || !methods.equals(forwarders.methods(cbc.name()))) {
                throw new ClassInstallException("the new " + cbc.name() + " cannot be forwarded to",
                        new boolean[cbcs.size()]);
            }
            try {
                bodies.put(cbc, defineBody(cbc, methods.get()));
            } catch (LinkageError e) {
                throw new ClassInstallException("could not load snippet class: " + e, new boolean[cbcs.size()]);
            }
        }
        return () -> {
            for (Map.Entry<ClassBytecodes, Class<?>> body : bodies.entrySet()) {
                String name = body.getKey().name();
                forwarders.forwardTo(name, forwarders.methods(name).orElseThrow(), body.getValue());
            }
        };
    }

    /** Work that may fail with a reflective or class-install exception. */
    @FunctionalInterface
    interface Installation {
        void run() throws Exception;
    }

    /** The methods {@code cbc} forwards, if it is a wrapper class that can (see {@link ForwarderClasses#forwarded}). */
    private static Optional<Set<String>> forwarded(ClassBytecodes cbc) {
        return WRAPPER.matcher(cbc.name()).matches() ? ForwarderClasses.forwarded(cbc.bytecodes()) : Optional.empty();
    }

    /** Defines and links the next body of {@code cbc}'s forwarders, with the guard's checks woven in. */
    private Class<?> defineBody(ClassBytecodes cbc, Set<String> forwarded) {
        String name = forwarders.nextBodyName(cbc.name());
        Class<?> body = loader.define(name, SnippetInstrumenter.instrument(ForwarderClasses.body(cbc.bytecodes(), name, forwarded)));
        installedClasses.incrementAndGet(); // it keeps metaspace as a redefined class does, until compaction
        try {
            Class.forName(name, true, loader); // verify now, not at its first call in a tick
        } catch (ClassNotFoundException e) {
            throw new NoClassDefFoundError(name);
        }
        return body;
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), prepared(cbc));
        }
        installedClasses.addAndGet(cbcs.length);
    }

    /**
     * How many classes were defined or redefined in this loader: each one keeps metaspace (an
     * old version of a redefined class too) until the loader is collected.
     */
    int installedCount() {
        return installedClasses.get();
    }

    /** The bytes that actually run: JShell's, with the guard's checks woven in. */
    static byte[] prepared(ClassBytecodes cbc) {
        return SnippetInstrumenter.instrument(cbc.bytecodes());
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        // Parent-first delegation: a path the host already serves adds nothing, so classes are
        // never loaded twice; anything else becomes visible to snippets.
        try {
            for (String element : path.split(java.io.File.pathSeparator)) {
                if (!element.isEmpty()) {
                    loader.addURL(Path.of(element).toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new InternalException("bad class path " + path + ": " + e.getMessage());
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    /**
     * The live methods {@code String name()} among {@code names}, each as a state, found in one
     * pass over the session's classes (the engine resolves every state after each change). A
     * name with no such method is left out. Each state is the same object for as long as the
     * same method is live, through redefinitions in place.
     */
    Map<String, Behaviours.State> states(Set<String> names) {
        Map<String, Behaviours.State> found = new HashMap<>();
        findStatics(names).forEach((name, method) -> {
            if (method.getReturnType() == String.class) {
                found.put(name, states.computeIfAbsent(method,
                        m -> defineBehaviour(Behaviours.State.class, className -> BehaviourClasses.state(className, m))));
            }
        });
        return found;
    }

    /** The live method {@code name()}, of any return type, as a hook; or null if there is none. */
    Behaviours.Hook hook(String name) {
        Method method = findStatics(Set.of(name)).get(name);
        if (method == null) {
            return null;
        }
        return hooks.computeIfAbsent(method,
                m -> defineBehaviour(Behaviours.Hook.class, className -> BehaviourClasses.hook(className, m)));
    }

    /**
     * The live static methods {@code name()} taking no arguments, of those {@code names} that
     * have one: the newest wrapper class declaring it wins, because JShell names a replacement
     * class anew and never goes back.
     */
    private Map<String, Method> findStatics(Set<String> names) {
        Map<String, Method> found = new HashMap<>();
        for (Iterator<Class<?>> newest = newestFirst().iterator(); newest.hasNext() && found.size() < names.size(); ) {
            for (Method m : newest.next().getDeclaredMethods()) {
                if (names.contains(m.getName()) && m.getParameterCount() == 0 && Modifier.isStatic(m.getModifiers())) {
                    found.putIfAbsent(m.getName(), m);
                }
            }
        }
        return found;
    }

    /** Defines one {@link BehaviourClasses} class beside the snippet classes and makes its instance. */
    private <T> T defineBehaviour(Class<T> behaviour, Function<String, byte[]> bytesNamed) {
        String className = BehaviourClasses.PREFIX + behaviourClasses.incrementAndGet();
        installedClasses.incrementAndGet(); // it keeps metaspace as a snippet class does, until compaction
        try {
            return behaviour.cast(loader.define(className, bytesNamed.apply(className)).getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot make a behaviour class " + className + ": " + e, e);
        }
    }

    /** The loader that defines the snippet classes, and so every object or lambda of theirs. */
    ClassLoader classLoader() {
        return loader;
    }

    /** Where {@code wrapper} comes in the load order (from 0), or -1 if it is not a wrapper class. */
    synchronized int loadOrder(Class<?> wrapper) {
        return wrappers.lastIndexOf(wrapper);
    }

    /**
     * The classes the user declared (records, enums, classes, nested in wrapper classes) as the
     * session has them now: not the versions that a later declaration replaced. JShell names a
     * replacement wrapper after the one it replaces ({@code $JShell$12} then {@code $JShell$12B}).
     */
    synchronized List<Class<?>> declaredTypes() {
        Map<String, String> newestWrapper = new HashMap<>(); // $JShell$12 -> the newest of its versions
        for (Class<?> wrapper : wrappers) {
            newestWrapper.put(wrapperKey(wrapper.getName()), wrapper.getName());
        }
        List<Class<?>> current = new ArrayList<>();
        for (Class<?> type : declaredTypes) {
            int end = type.getName().indexOf('$', WRAPPER_PREFIX.length());
            String wrapper = end < 0 ? type.getName() : type.getName().substring(0, end);
            if (wrapper.equals(newestWrapper.get(wrapperKey(wrapper)))) {
                current.add(type);
            }
        }
        return current;
    }

    /** {@code REPL.$JShell$12} for {@code REPL.$JShell$12B}: what versions of one wrapper share. */
    private static String wrapperKey(String wrapper) {
        int end = WRAPPER_PREFIX.length();
        while (end < wrapper.length() && Character.isDigit(wrapper.charAt(end))) {
            end++;
        }
        return wrapper.substring(0, end);
    }

    /** How many wrapper classes have been loaded so far. */
    synchronized int loadedCount() {
        return wrappers.size();
    }

    /**
     * The static field {@code name} (a top-level variable) in the newest of the first
     * {@code loaded} wrapper classes that declares it, or null: the variable as it was when
     * {@link #loadedCount()} returned {@code loaded}.
     */
    Field findVariable(String name, int loaded) {
        for (Class<?> wrapper : newestFirst(loaded)) {
            for (Field f : wrapper.getDeclaredFields()) {
                if (f.getName().equals(name) && Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        return null;
    }

    private synchronized List<Class<?>> newestFirst() {
        return newestFirst(wrappers.size());
    }

    /** The first {@code loaded} wrapper classes, the last loaded first. */
    private synchronized List<Class<?>> newestFirst(int loaded) {
        List<Class<?>> snapshot = new ArrayList<>(wrappers.subList(0, loaded));
        Collections.reverse(snapshot);
        return snapshot;
    }

    /** Defines snippet classes from bytes JShell hands over; everything else goes to the parent. */
    private static final class SnippetClassLoader extends URLClassLoader implements Forwarders.Owner {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        private final Forwarders forwarders;

        SnippetClassLoader(ClassLoader parent, Forwarders forwarders) {
            super("liveloop-snippets", new URL[0], parent);
            this.forwarders = forwarders;
        }

        @Override
        public Forwarders forwarders() {
            return forwarders;
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        protected void addURL(URL url) {
            super.addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes == null) {
                return super.findClass(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
