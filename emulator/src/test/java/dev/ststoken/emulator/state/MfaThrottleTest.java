package dev.ststoken.emulator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The count of wrong MFA codes: five lock, one is forgiven per quarter hour, a right code clears it. */
class MfaThrottleTest {
    final Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    final User fresh = new User("alice", "AIDAEXAMPLE", "/", t0, 0, null);

    User wrongCodes(int n, Instant at) {
        User user = fresh;
        for (int i = 0; i < n; i++) {
            user = MfaThrottle.afterWrongCode(user, at);
        }
        return user;
    }

    @Test
    void four_wrong_codes_do_not_lock_and_five_do() {
        assertThat(MfaThrottle.locked(wrongCodes(4, t0), t0)).isFalse();
        assertThat(MfaThrottle.locked(wrongCodes(5, t0), t0)).isTrue();
    }

    @Test
    void one_wrong_code_is_forgiven_per_fifteen_minutes_without_one() {
        User locked = wrongCodes(5, t0);
        assertThat(MfaThrottle.failures(locked, t0.plus(Duration.ofMinutes(14))))
                .isEqualTo(5);
        assertThat(MfaThrottle.failures(locked, t0.plus(Duration.ofMinutes(15))))
                .isEqualTo(4);
        assertThat(MfaThrottle.failures(locked, t0.plus(Duration.ofMinutes(75))))
                .isZero();
        assertThat(MfaThrottle.failures(locked, t0.plus(Duration.ofDays(365)))).isZero();
    }

    @Test
    void a_wrong_code_after_a_pause_counts_on_top_of_what_is_left() {
        User later = MfaThrottle.afterWrongCode(wrongCodes(5, t0), t0.plus(Duration.ofMinutes(15)));
        assertThat(later.mfaFailures()).isEqualTo(5);
        assertThat(later.lastMfaFailure()).isEqualTo(t0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void a_right_code_clears_the_count_and_leaves_an_untouched_user_as_it_is() {
        assertThat(MfaThrottle.afterRightCode(wrongCodes(3, t0)).mfaFailures()).isZero();
        assertThat(MfaThrottle.afterRightCode(fresh)).isSameAs(fresh);
    }

    @Test
    void a_clock_set_back_forgives_nothing() {
        assertThat(MfaThrottle.failures(wrongCodes(5, t0), t0.minus(Duration.ofHours(2))))
                .isEqualTo(5);
    }
}
