package liveloop.bench;

import java.util.Map;
import liveloop.agent.LiveloopAgent;
import liveloop.engine.JShellEngine;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import liveloop.machine.Behaviours;

/**
 * A real engine session holding one state, {@code start()}, whose body is
 * {@link DispatchBenchmark#STATE_BODY}: the live code the dispatch measurements call, run as the
 * host runs it (a snippet class's static method with its cancellation checks, behind the
 * engine's behaviour class).
 */
final class DispatchSession implements AutoCloseable {
    private final TickLoop loop;
    private final JShellEngine engine;

    private DispatchSession(TickLoop loop, JShellEngine engine) {
        this.loop = loop;
        this.engine = engine;
    }

    static DispatchSession open() {
        TickLoop loop = new TickLoop(Clock.system(), 60, n -> {});
        loop.start(); // paused: it only runs the engine's work, as between ticks
        JShellEngine engine = JShellEngine.open(loop, DispatchSession.class.getClassLoader(),
                LiveloopAgent.instrumentation().orElse(null), Map.of());
        DispatchSession session = new DispatchSession(loop, engine);
        try {
            engine.eval("long seed = 0;").join();
            engine.eval("String start() { " + DispatchBenchmark.STATE_BODY + " }").join();
            if (engine.behaviours().state("start") == null) {
                throw new IllegalStateException("the session has no state start()");
            }
            return session;
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    /** The engine's live behaviours, as the loop's machine holds them. */
    Behaviours behaviours() {
        return engine.behaviours();
    }

    @Override
    public void close() {
        engine.close();
        try {
            loop.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
