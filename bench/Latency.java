// Measures start-to-ready and redefinition latency through the embedding API.
//   mvn -q -B package -DskipTests && java -javaagent:repl/target/liveloop.jar -cp repl/target/liveloop.jar bench/Latency.java [hz] [rounds]
// A single-file program for now; the bench issue grows it into a module.

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import liveloop.host.LiveLoop;

public class Latency {
    public static void main(String[] args) throws Exception {
        double hz = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path dir = Files.createTempDirectory("liveloop-latency");
        Path script = dir.resolve("probe.jsh");
        Files.writeString(script, body(0));
        // probe[0]: the version of start() that last ran; probe[1]: when it first ran (nanoTime).
        AtomicLongArray probe = new AtomicLongArray(2);
        try (LiveLoop host = LiveLoop.builder().scripts(dir).hz(hz).bind("probe", probe)
                .output((kind, line) -> {}).captureSystemStreams(false).build()) {
            host.start();
            host.eval("1 + 1").join();
            long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.printf("start-to-ready (JVM start -> scripts loaded, ticking, first prompt evaluation done): %d ms%n",
                    System.currentTimeMillis() - jvmStartMillis);
            System.out.println("agent (in-place redefinition): " + host.status().redefinesInPlace());

            List<Double> prompt = new ArrayList<>();
            List<Double> save = new ArrayList<>();
            long version = 0;
            for (int i = 0; i < rounds; i++) {
                version++;
                long t0 = System.nanoTime();
                host.eval(body(version)).join();
                prompt.add(awaitVersion(probe, version, t0));

                version++;
                t0 = System.nanoTime();
                Files.writeString(script, body(version));
                save.add(awaitVersion(probe, version, t0));
            }
            System.out.printf("at %s Hz, %d rounds (includes waiting for the next tick)%n", hz, rounds);
            report("prompt-to-effect (eval -> first tick running it)", prompt);
            report("save-to-effect (write -> first tick running it; 50 ms quiet period)", save);
        }
    }

    private static String body(long version) {
        return "String start() { if (probe.get(0) != " + version + "L) { probe.set(1, System.nanoTime()); probe.set(0, "
                + version + "L); } return \"start\"; }\n";
    }

    private static double awaitVersion(AtomicLongArray probe, long version, long t0) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (probe.get(0) != version) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("version " + version + " never ran");
            }
            Thread.sleep(0, 200_000);
        }
        return (probe.get(1) - t0) / 1e6;
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%-75s p50 %6.1f ms   p95 %6.1f ms   max %6.1f ms%n", what,
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                sorted.get(sorted.size() - 1));
    }
}
