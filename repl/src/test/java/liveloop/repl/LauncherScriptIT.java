package liveloop.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./liveloop} script keeps a start-up archive beside the jar, and piped output stays clean. */
class LauncherScriptIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theFirstRunAfterABuildMakesTheArchiveAndNeitherRunPrintsMoreThanLiveloopDoes() throws Exception {
        Files.writeString(dir.resolve("light.jsh"), "int n = 0;\nString start() { n++; return \"start\"; }\n");
        for (Path archive : archives()) {
            Files.delete(archive); // so that this run makes one
        }
        List<String> training = run(List.of("liveloop: preparing the start-up archive (once per build and JDK)..."));
        assertThat(archives()).as("the start-up archive beside the jar").hasSize(1);
        List<String> mapped = run(List.of());
        assertThat(training).isEqualTo(mapped);
        if (Runtime.version().feature() < 25) {
            // The point of a static archive there: a dynamic one leaves picocli's pre-Java-6 classes out.
            assertThat(classSources(archives().get(0), "--version"))
                    .contains("picocli.CommandLine source: shared objects file");
        }
    }

    /** The class-loading log of the launcher jar run with {@code archive}, which it must be able to map. */
    private static String classSources(Path archive, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info:stdout", "-jar",
                LauncherProcess.jar().toString()));
        command.addAll(List.of(args));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        java.getOutputStream().close();
        byte[] output = java.getInputStream().readAllBytes(); // ends when the process does
        assertThat(java.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = new String(output, StandardCharsets.UTF_8);
        assertThat(java.exitValue()).as(log).isZero();
        return log;
    }

    /** One piped session; its standard output, which must be liveloop's lines alone. */
    private List<String> run(List<String> launcherNotes) throws Exception {
        try (LauncherProcess liveloop = LauncherProcess.startScript(dir, dir.toString())) {
            liveloop.type("1+1\n/exit\n");
            assertThat(liveloop.awaitExit(TIMEOUT)).isZero();
            assertThat(liveloop.stderr().lines()).as("standard error").containsExactlyElementsOf(launcherNotes);
            List<String> lines = liveloop.stdout().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("liveloop " + Main.VERSION + " — watching ");
            assertThat(lines.get(1)).startsWith("loaded " + dir.resolve("light.jsh") + ": 2 added (");
            assertThat(lines.get(2)).isEqualTo("$3 ==> 2");
            return List.of(lines.get(0), lines.get(2));
        }
    }

    private static List<Path> archives() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(LauncherProcess.jar().toAbsolutePath().getParent(),
                "liveloop-jdk-*.{jsa,aot}")) {
            files.forEach(found::add);
        }
        return found;
    }
}
