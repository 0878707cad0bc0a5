package liveloop.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table the bench prints: one row per figure, with its target and whether it was met. */
final class Report {
    static final String MET = "met";
    static final String NOT_MET = "NOT met";

    private final List<Row> rows = new ArrayList<>();

    /** One line of the table; {@code verdict} is empty for a figure without a target. */
    record Row(String measure, String figure, String value, String target, String verdict) {}

    /** A figure with a target. */
    void add(String measure, String figure, double value, String unit, Target target) {
        rows.add(new Row(measure, figure, withUnit(value, unit), target.toString(),
                target.metBy(value) ? MET : NOT_MET));
    }

    /** A figure shown for context, without a target. */
    void add(String measure, String figure, double value, String unit) {
        rows.add(new Row(measure, figure, withUnit(value, unit), "", ""));
    }

    /** A measurement that could not be made, and why. */
    void failed(String measure, String why) {
        rows.add(new Row(measure, "failed: " + why, "", "", NOT_MET));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Date, machine and JDK: what a reader needs to compare two tables. */
    static List<String> header() {
        Runtime.Version jdk = Runtime.version();
        return List.of(
                "date:    " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx")),
                "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                        + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + "); "
                        + loadAverage(),
                "JDK:     " + jdk + ", " + System.getProperty("java.vm.name") + " (" + System.getProperty("java.vendor")
                        + ")");
    }

    /** The system load, since another busy process makes every figure worse. */
    static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "load average unknown" : String.format(Locale.ROOT, "load average %.2f", load);
    }

    /** The rows as a Markdown table, columns padded to line up in a terminal too. */
    void print(PrintStream out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"measure", "figure", "value", "target", ""});
        for (Row row : rows) {
            lines.add(new String[] {row.measure(), row.figure(), row.value(), row.target(), row.verdict()});
        }
        int[] widths = new int[5];
        for (String[] cells : lines) {
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            out.println(line(lines.get(i), widths));
            if (i == 0) {
                String[] rule = new String[widths.length];
                for (int c = 0; c < widths.length; c++) {
                    rule[c] = "-".repeat(Math.max(widths[c], 3));
                }
                out.println(line(rule, widths));
            }
        }
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i == 2; // values right-aligned, so their decimal points line up
            String format = numeric ? "%" + Math.max(widths[i], 3) + "s" : "%-" + Math.max(widths[i], 3) + "s";
            line.append(' ').append(String.format(format, cells[i])).append(" |");
        }
        return line.toString();
    }

    private static String withUnit(double value, String unit) {
        return number(value) + (unit.isEmpty() || unit.equals("x") ? unit : " " + unit);
    }

    /** Three significant figures, whole numbers from 100 up: 1234, 123, 12.3, 1.23, 1.1, 20. */
    static String number(double value) {
        if (Math.abs(value) >= 100 || Double.isNaN(value) || Double.isInfinite(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
