package liveloop.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void percentilesAreMeasuredValuesByNearestRank() {
        Samples samples = new Samples();
        for (int i = 100; i >= 1; i--) {
            samples.add(i); // out of order, and more than the initial capacity
        }
        assertThat(samples.size()).isEqualTo(100);
        assertThat(samples.median()).isEqualTo(50);
        assertThat(samples.percentile(95)).isEqualTo(95);
        assertThat(samples.percentile(99)).isEqualTo(99);
        assertThat(samples.max()).isEqualTo(100);
    }

    @Test
    void aFewSamplesStillGiveAnUpperPercentile() {
        Samples samples = new Samples();
        samples.add(3);
        samples.add(1);
        samples.add(2);
        assertThat(samples.median()).isEqualTo(2);
        assertThat(samples.percentile(95)).isEqualTo(3);
    }

    @Test
    void noSamplesHaveNoPercentile() {
        assertThatThrownBy(() -> new Samples().median()).isInstanceOf(IllegalStateException.class);
    }
}
