package liveloop.bench;

import java.util.Arrays;

/** Measured values of one figure, e.g. latencies in milliseconds; percentiles by nearest rank. */
final class Samples {
    private double[] values = new double[16];
    private int size;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    /**
     * The smallest value with at least {@code percent} % of the values at or below it (nearest
     * rank: no interpolation, so it is always a value that was measured).
     */
    double percentile(double percent) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 100, was " + percent);
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * size);
        return sorted[Math.max(rank, 1) - 1];
    }

    double median() {
        return percentile(50);
    }

    double max() {
        return percentile(100);
    }
}
