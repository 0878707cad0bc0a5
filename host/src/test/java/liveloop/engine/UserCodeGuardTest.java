package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cancellation and its interrupt reach the work they were aimed at and nothing after it: the
 * loop's own waiting would take a stray interrupt as the end of the loop.
 */
class UserCodeGuardTest {
    private final Thread self = Thread.currentThread();

    @AfterEach
    void endWork() {
        UserCodeGuard.clear(self);
    }

    @Test
    void cancelledWorkThrowsAtEachCheckAndCanBeInterruptedUntilItEnds() {
        long since = System.nanoTime() | 1;
        assertThat(UserCodeGuard.cancel(self, since, "too long")).isTrue();
        assertThatThrownBy(UserCodeGuard::check).isInstanceOf(UserCodeGuard.CancelledError.class).hasMessage("too long");
        assertThatThrownBy(UserCodeGuard::check).isInstanceOf(UserCodeGuard.CancelledError.class);
        assertThat(UserCodeGuard.interrupt(self)).isTrue();
        assertThat(self.isInterrupted()).isTrue();

        UserCodeGuard.clear(self);
        assertThat(self.isInterrupted()).as("the interrupt ends with the work").isFalse();
        UserCodeGuard.check();
        assertThat(UserCodeGuard.interrupt(self)).isFalse();
        assertThat(self.isInterrupted()).isFalse();
    }

    @Test
    void workThatEndedBeforeTheWatchdogActedIsNeitherCancelledNorInterrupted() {
        long since = System.nanoTime() | 1;
        UserCodeGuard.clear(self); // the work ends just as the watchdog finds it over budget
        assertThat(UserCodeGuard.cancel(self, since, "too late")).isFalse();
        assertThat(UserCodeGuard.interrupt(self)).isFalse();
        assertThat(self.isInterrupted()).isFalse();
        UserCodeGuard.check();
    }

    @Test
    void anInterruptTheUsersCodeLeftIsClearedWhenItsWorkEnds() {
        self.interrupt();
        UserCodeGuard.clear(self);
        assertThat(self.isInterrupted()).isFalse();
    }
}
