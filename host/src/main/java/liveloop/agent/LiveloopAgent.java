package liveloop.agent;

import java.lang.instrument.Instrumentation;
import java.util.Optional;

/**
 * Holds the JVM's {@link Instrumentation} when liveloop runs with its agent: the launcher
 * jar names this class as {@code Launcher-Agent-Class}, so {@code java -jar liveloop.jar}
 * gets in-place class redefinition without any command-line flag. {@code -javaagent:} works
 * too (tests use it).
 */
public final class LiveloopAgent {
    private static volatile Instrumentation instrumentation;

    private LiveloopAgent() {}

    /** Called by the JVM before {@code main} for the launcher jar. */
    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /** Called by the JVM for {@code -javaagent:}. */
    public static void premain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /** The instrumentation, if this JVM was started with the agent and it may redefine classes. */
    public static Optional<Instrumentation> instrumentation() {
        Instrumentation inst = instrumentation;
        return inst != null && inst.isRedefineClassesSupported() ? Optional.of(inst) : Optional.empty();
    }
}
