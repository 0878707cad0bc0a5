package liveloop.engine;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The call sites of one snippet loader's forwarders (see {@link ForwarderClasses}): for each
 * forwarder class, the current body and a {@link MutableCallSite} per method, which the JIT
 * treats as a constant and re-compiles only what depends on it when it changes. Public only
 * because snippet code, in another package, links to {@link #bootstrap}.
 */
public final class Forwarders {
    /** A snippet loader: where its classes' call sites are. */
    interface Owner {
        Forwarders forwarders();
    }

    private final Map<String, Forwarded> byClass = new HashMap<>(); // forwarder class name ->; guarded by this

    private static final class Forwarded {
        Set<String> methods; // name and descriptor of each; null until the first body
        Class<?> body;
        int versions;
        MethodHandles.Lookup lookup; // the forwarder class's own, from its first call: it may see the bodies
        final Map<Method, MutableCallSite> sites = new HashMap<>();
    }

    /** A forwarded method, as an {@code invokedynamic} names it. */
    private record Method(String name, MethodType type) {}

    /** Links a forwarder's {@code invokedynamic} to the current body's method of the same name and type. */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type)
            throws ReflectiveOperationException {
        ClassLoader loader = caller.lookupClass().getClassLoader();
        if (!(loader instanceof Owner)) {
            throw new IllegalStateException(caller.lookupClass().getName() + " is not a liveloop snippet class");
        }
        return ((Owner) loader).forwarders().site(caller, name, type);
    }

    private synchronized CallSite site(MethodHandles.Lookup caller, String name, MethodType type)
            throws ReflectiveOperationException {
        Forwarded forwarded = byClass.get(caller.lookupClass().getName());
        if (forwarded == null) {
            throw new IllegalStateException(caller.lookupClass().getName() + " has no body to forward to");
        }
        forwarded.lookup = caller;
        Method method = new Method(name, type);
        MutableCallSite site = forwarded.sites.get(method);
        if (site == null) {
            site = new MutableCallSite(caller.findStatic(forwarded.body, name, type));
            forwarded.sites.put(method, site);
        }
        return site;
    }

    /** The methods {@code className} forwards, each as name and descriptor; empty if it was not loaded as forwarders. */
    synchronized Optional<Set<String>> methods(String className) {
        Forwarded forwarded = byClass.get(className);
        return forwarded == null ? Optional.empty() : Optional.ofNullable(forwarded.methods);
    }

    /** The name for the next body of {@code className}: {@code <className>$Liveloop$Body<n>}. */
    synchronized String nextBodyName(String className) {
        return className + ForwarderClasses.BODY_INFIX + ++byClass.computeIfAbsent(className, c -> new Forwarded()).versions;
    }

    /**
     * Points {@code className}'s forwarders at {@code body}, which declares the same methods: from
     * the next call on, they run it. All call sites or none: every target is found first.
     */
    synchronized void forwardTo(String className, Set<String> methods, Class<?> body) throws ReflectiveOperationException {
        Forwarded forwarded = byClass.computeIfAbsent(className, c -> new Forwarded());
        if (forwarded.methods != null && !forwarded.methods.equals(methods)) {
            throw new IllegalArgumentException(className + " forwards " + forwarded.methods + ", not " + methods);
        }
        List<Runnable> retargets = new ArrayList<>();
        for (Map.Entry<Method, MutableCallSite> site : forwarded.sites.entrySet()) {
            MethodHandle target = forwarded.lookup.findStatic(body, site.getKey().name(), site.getKey().type());
            retargets.add(() -> site.getValue().setTarget(target));
        }
        forwarded.methods = methods;
        forwarded.body = body;
        retargets.forEach(Runnable::run);
    }

    /**
     * {@code stack} without the forwarders' frames: a forwarder's frame is the first below its
     * body's frame that is not the method handle's (a throwable's stack hides those, a thread
     * dump shows them), and it says nothing the body's frame does not.
     */
    static StackTraceElement[] withoutForwarders(StackTraceElement[] stack) {
        List<StackTraceElement> kept = new ArrayList<>(stack.length);
        for (int i = 0; i < stack.length; i++) {
            kept.add(stack[i]);
            int below = i + 1;
            while (below < stack.length && stack[below].getClassName().startsWith("java.lang.invoke.")) {
                below++;
            }
            if (below < stack.length && isForwarderOf(stack[below], stack[i])) {
                i = below; // skips the handle's frames and the forwarder's
            }
        }
        return kept.size() == stack.length ? stack : kept.toArray(StackTraceElement[]::new);
    }

    private static boolean isForwarderOf(StackTraceElement frame, StackTraceElement body) {
        return frame.getMethodName().equals(body.getMethodName())
                && !body.getClassName().equals(frame.getClassName())
                && wrapperOf(body.getClassName()).equals(frame.getClassName());
    }

    /** The wrapper class a body class belongs to, e.g. {@code REPL.$JShell$12} for its second body; any other name as is. */
    static String wrapperOf(String className) {
        int infix = className.lastIndexOf(ForwarderClasses.BODY_INFIX);
        if (infix < 0) {
            return className;
        }
        String version = className.substring(infix + ForwarderClasses.BODY_INFIX.length());
        return !version.isEmpty() && version.chars().allMatch(Character::isDigit) ? className.substring(0, infix) : className;
    }
}
