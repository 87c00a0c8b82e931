//! When to poll next: short at first, backing off with jitter to a ceiling,
//! short again whenever the watched state changes. Pure, so it is tested
//! natively; the console's poller only sleeps for what this returns.

/// Polling intervals in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    pub initial_ms: u32,
    pub ceiling_ms: u32,
    /// Growth per poll without change (or per failure).
    pub factor: f64,
    /// ± fraction of randomness so many tabs don't poll in lockstep.
    pub jitter: f64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule { initial_ms: 2_000, ceiling_ms: 30_000, factor: 1.5, jitter: 0.2 }
    }
}

impl Schedule {
    /// Delay before the next poll. `quiet` counts polls since the state last
    /// changed (0 right after a change) plus consecutive failures; `random`
    /// is uniform in [0, 1).
    pub fn next_delay_ms(&self, quiet: u32, random: f64) -> u32 {
        let base = f64::from(self.initial_ms) * self.factor.powi(quiet.min(64) as i32);
        let base = base.min(f64::from(self.ceiling_ms));
        let spread = 1.0 - self.jitter + 2.0 * self.jitter * random.clamp(0.0, 1.0);
        (base * spread).clamp(f64::from(self.initial_ms) * (1.0 - self.jitter), f64::from(self.ceiling_ms))
            as u32
    }

    /// Upper bound of requests in `window_ms` of unchanged state (no jitter
    /// luck): used to check the request budget in tests.
    pub fn max_requests_in(&self, window_ms: u32) -> u32 {
        let (mut elapsed, mut count, mut quiet) = (0u64, 1u32, 0u32);
        loop {
            elapsed += u64::from(self.next_delay_ms(quiet, 0.0));
            if elapsed > u64::from(window_ms) {
                return count;
            }
            count += 1;
            quiet += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_short_and_backs_off_to_the_ceiling() {
        let s = Schedule::default();
        assert_eq!(s.next_delay_ms(0, 0.5), 2_000);
        assert_eq!(s.next_delay_ms(1, 0.5), 3_000);
        assert_eq!(s.next_delay_ms(2, 0.5), 4_500);
        assert_eq!(s.next_delay_ms(20, 0.5), 30_000);
        assert_eq!(s.next_delay_ms(u32::MAX, 0.999), 30_000, "never above the ceiling, even with jitter");
    }

    #[test]
    fn jitter_stays_within_bounds() {
        let s = Schedule::default();
        for quiet in 0..10 {
            let low = s.next_delay_ms(quiet, 0.0);
            let high = s.next_delay_ms(quiet, 0.999_999);
            assert!(low <= high);
            assert!(f64::from(low) >= 0.8 * f64::from(s.initial_ms) - 1.0);
            assert!(high <= s.ceiling_ms);
        }
    }

    #[test]
    fn a_quiet_minute_costs_few_requests() {
        // Issue budget: a 60 s job costs at most about 20 requests.
        assert!(Schedule::default().max_requests_in(60_000) <= 12);
    }
}
