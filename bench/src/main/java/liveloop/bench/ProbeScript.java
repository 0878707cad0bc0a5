package liveloop.bench;

/**
 * The script the latency, jitter and memory measurements run: 50 lines, as a user's script
 * might be (state, two states, helpers), whose states report every tick to the bound
 * {@link TickProbe}. A change is a new body of one method, {@code version()}, that the states call.
 */
final class ProbeScript {
    static final String FILE_NAME = "probe.jsh";
    static final int LINES = 50;

    private static final String TEMPLATE = """
            // The bench's script: two states that wander a point about; version() is what changes.
            int t = 0;
            long frames = 0;
            double x = 0, y = 0;
            double vx = 1.5, vy = -0.75;
            final double WIDTH = 320, HEIGHT = 200;
            List<String> events = new ArrayList<>();

            String start() {
                probe.tick(version());
                frames++;
                move();
                return ++t >= 600 ? go("wander") : "start";
            }

            String wander() {
                probe.tick(version());
                frames++;
                move();
                steer();
                return ++t >= 600 ? go("start") : "wander";
            }

            String go(String next) {
                t = 0;
                note("-> " + next);
                return next;
            }

            void move() {
                x += vx;
                y += vy;
                if (x < 0 || x > WIDTH) { vx = -vx; note("bounce x at " + frames); }
                if (y < 0 || y > HEIGHT) { vy = -vy; note("bounce y at " + frames); }
            }

            void steer() {
                double speed = Math.hypot(vx, vy);
                if (speed > 4) { vx *= 0.9; vy *= 0.9; }
                if (speed < 0.5) { vx *= 1.1; vy *= 1.1; }
            }

            void note(String event) {
                events.add(event);
                if (events.size() > 100) events.remove(0);
            }

            int ticksInState() { return t; }

            long version() { return %dL; }
            """;

    private ProbeScript() {}

    /** The script with {@code version()} returning {@code version}. */
    static String withVersion(long version) {
        return TEMPLATE.formatted(version);
    }

    /** A prompt input that redefines {@code version()} alone. */
    static String versionMethod(long version) {
        return "long version() { return " + version + "L; }";
    }
}
