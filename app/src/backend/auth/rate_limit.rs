//! Sliding-window limit on failed sign-ins, kept per key ("ip:…", "email:…") in memory.
//! At most `max_failures` failures within `window`; the next attempt is refused until the
//! oldest failure leaves the window.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys kept before stale entries are swept (bounds memory under a spray of addresses).
const SWEEP_THRESHOLD: usize = 10_000;

/// Failed-attempt counter with a sliding window.
#[derive(Debug)]
pub struct AttemptLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// How long until `failures` (oldest first) allow another attempt at `now`, if they block it.
pub fn retry_after(
    failures: &VecDeque<Instant>,
    now: Instant,
    max_failures: usize,
    window: Duration,
) -> Option<Duration> {
    let recent: Vec<&Instant> = failures
        .iter()
        .filter(|at| now.saturating_duration_since(**at) < window)
        .collect();
    if recent.len() < max_failures {
        return None;
    }
    // The attempt is allowed again once enough recent failures have aged out.
    let unblocking = recent[recent.len() - max_failures];
    Some(window.saturating_sub(now.saturating_duration_since(*unblocking)))
}

impl AttemptLimiter {
    /// A limiter allowing `max_failures` failures per key within `window`.
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures: max_failures.max(1),
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` when any of `keys` is blocked at `now`.
    pub fn check(&self, keys: &[String], now: Instant) -> Result<(), Duration> {
        let failures = self
            .failures
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let longest_wait = keys
            .iter()
            .filter_map(|key| failures.get(key))
            .filter_map(|times| retry_after(times, now, self.max_failures, self.window))
            .max();
        match longest_wait {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    /// Records one failure against each of `keys`.
    pub fn record_failure(&self, keys: &[String], now: Instant) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if failures.len() > SWEEP_THRESHOLD {
            let window = self.window;
            failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|last| now.saturating_duration_since(*last) < window)
            });
        }
        for key in keys {
            let times = failures.entry(key.clone()).or_default();
            while times
                .front()
                .is_some_and(|first| now.saturating_duration_since(*first) >= self.window)
            {
                times.pop_front();
            }
            times.push_back(now);
        }
    }

    /// Forgets the failures of `keys` (after a successful sign-in for that email).
    pub fn clear(&self, keys: &[String]) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        for key in keys {
            failures.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Duration = Duration::from_secs(300);

    #[test]
    fn five_failures_block_the_sixth_attempt() {
        let limiter = AttemptLimiter::new(5, WINDOW);
        let start = Instant::now();
        let keys = ["ip:1.2.3.4".to_owned()];
        for second in 0..5 {
            assert!(
                limiter
                    .check(&keys, start + Duration::from_secs(second))
                    .is_ok()
            );
            limiter.record_failure(&keys, start + Duration::from_secs(second));
        }
        let blocked = limiter.check(&keys, start + Duration::from_secs(10));
        assert_eq!(blocked, Err(Duration::from_secs(290)));
    }

    #[test]
    fn the_window_slides() {
        let limiter = AttemptLimiter::new(5, WINDOW);
        let start = Instant::now();
        let keys = ["email:a@b.c".to_owned()];
        for _ in 0..5 {
            limiter.record_failure(&keys, start);
        }
        assert!(
            limiter
                .check(&keys, start + WINDOW - Duration::from_secs(1))
                .is_err()
        );
        assert!(limiter.check(&keys, start + WINDOW).is_ok());
    }

    #[test]
    fn keys_are_independent_and_any_blocked_key_blocks() {
        let limiter = AttemptLimiter::new(2, WINDOW);
        let now = Instant::now();
        let ip = "ip:9.9.9.9".to_owned();
        let email = "email:x@y.z".to_owned();
        limiter.record_failure(std::slice::from_ref(&ip), now);
        limiter.record_failure(std::slice::from_ref(&ip), now);
        assert!(limiter.check(std::slice::from_ref(&email), now).is_ok());
        assert!(limiter.check(&[email.clone(), ip.clone()], now).is_err());
        limiter.clear(std::slice::from_ref(&ip));
        assert!(limiter.check(&[email, ip], now).is_ok());
    }
}
