package liveloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void eachFigureIsMarkedAgainstItsTarget() {
        Report report = new Report();
        report.add("save-to-effect", "p50", 19.96, "ms", Target.atMost(20, "ms"));
        report.add("dispatch", "ratio", 1.234, "x", Target.atMost(1.1, "x"));
        report.add("jitter", "max", 3.5, "ms");
        report.failed("start-up", "no launcher");

        assertThat(report.rows()).extracting(Report.Row::verdict)
                .containsExactly(Report.MET, Report.NOT_MET, "", Report.NOT_MET);
        assertThat(report.rows().get(0).value()).isEqualTo("20 ms"); // three significant figures
        assertThat(report.rows().get(1).value()).isEqualTo("1.23x");
        assertThat(report.rows().get(1).target()).isEqualTo("<= 1.1x");
    }

    @Test
    void theTableIsMarkdownWithAlignedColumns() {
        Report report = new Report();
        report.add("start-up", "median of 10", 512.4, "ms", Target.atMost(500, "ms"));
        report.add("memory", "growth", 0.648, "MB", Target.atMost(16, "MB"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).matches("\\|( -+ \\|)+");
        assertThat(lines).extracting(String::length).containsOnly(lines.get(0).length());
        assertThat(lines.get(2)).contains(" 512 ms |", "| <= 500 ms |", "| NOT met |");
        assertThat(lines.get(3)).contains("0.648 MB", "| met     |");
    }

    @Test
    void theHeaderNamesDateMachineAndJdk() {
        assertThat(Report.header()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("date:");
            assertThat(lines.get(1)).contains(Runtime.getRuntime().availableProcessors() + " cores");
            assertThat(lines.get(2)).contains(Runtime.version().toString());
        });
    }
}
