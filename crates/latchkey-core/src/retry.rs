//! When a client may send a request again after it failed, and how long it waits
//! first: one rule for the app and for any other client of the contract.
//!
//! Only requests that cannot do a thing twice are retried: reads, creates carrying
//! an `Idempotency-Key` (the backend answers a repeat with the first result) and
//! updates carrying `If-Match` (a repeat after a lost answer gets 412, never a
//! second change). Only failures that may pass are retried: no answer at all, 429,
//! 502, 503 and 504. The wait is "full jitter" (a random time between zero and an
//! exponentially growing ceiling, so many clients do not retry in step), and never
//! shorter than the backend's `Retry-After`.

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub max_attempts: u32,
    /// The ceiling of the first wait, in ms; it doubles with every retry…
    pub base_ms: u64,
    /// …up to this, in ms.
    pub cap_ms: u64,
    /// A `Retry-After` longer than this (in seconds) is not waited for: the failure
    /// is reported instead.
    pub max_retry_after_secs: u64,
}

impl Default for RetryPolicy {
    /// Four tries, waits of up to 0.25, 0.5 and 1 s (or what the backend asks, up
    /// to 10 s): a blip passes unnoticed, a real outage is reported within seconds.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_ms: 250,
            cap_ms: 4_000,
            max_retry_after_secs: 10,
        }
    }
}

/// What kind of request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// GET: reading changes nothing.
    Read,
    /// A write the backend recognises when repeated (`Idempotency-Key`, `If-Match`).
    KeyedWrite,
    /// Any other write (a lock command, a sign-in): never sent twice by itself.
    Write,
}

/// How it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer: the network or the backend is down.
    NoAnswer,
    /// An answer with this status, and `Retry-After` in seconds if it had one.
    Status {
        status: u16,
        retry_after_secs: Option<u64>,
    },
}

impl RetryPolicy {
    /// After try number `attempt` (1 for the first) failed with `failure`: how long
    /// to wait before the next try, or `None` to give up and report it.
    /// `random_unit` is a random number in [0, 1).
    pub fn next_wait_ms(
        &self,
        kind: RequestKind,
        failure: Failure,
        attempt: u32,
        random_unit: f64,
    ) -> Option<u64> {
        if kind == RequestKind::Write || attempt >= self.max_attempts {
            return None;
        }
        let retry_after_secs = match failure {
            Failure::NoAnswer => None,
            Failure::Status {
                status: 429 | 502 | 503 | 504,
                retry_after_secs,
            } => retry_after_secs,
            Failure::Status { .. } => return None,
        };
        if retry_after_secs.is_some_and(|secs| secs > self.max_retry_after_secs) {
            return None;
        }
        let ceiling = self
            .base_ms
            .saturating_mul(1 << (attempt - 1).min(20))
            .min(self.cap_ms);
        let jitter = (ceiling as f64 * random_unit.clamp(0.0, 1.0)) as u64;
        Some(jitter.max(retry_after_secs.unwrap_or(0) * 1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUSY: Failure = Failure::Status {
        status: 503,
        retry_after_secs: None,
    };

    #[test]
    fn plain_writes_and_lasting_failures_are_never_retried() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.next_wait_ms(RequestKind::Write, Failure::NoAnswer, 1, 0.5),
            None
        );
        for status in [400, 401, 403, 404, 409, 412, 422, 500] {
            let failure = Failure::Status {
                status,
                retry_after_secs: None,
            };
            assert_eq!(
                policy.next_wait_ms(RequestKind::Read, failure, 1, 0.5),
                None,
                "{status}"
            );
        }
    }

    #[test]
    fn reads_and_keyed_writes_retry_with_full_jitter_under_a_doubling_ceiling() {
        let policy = RetryPolicy::default();
        for kind in [RequestKind::Read, RequestKind::KeyedWrite] {
            assert_eq!(policy.next_wait_ms(kind, BUSY, 1, 0.0), Some(0));
            assert_eq!(policy.next_wait_ms(kind, BUSY, 1, 0.999), Some(249));
            assert_eq!(
                policy.next_wait_ms(kind, Failure::NoAnswer, 2, 0.5),
                Some(250)
            );
            assert_eq!(policy.next_wait_ms(kind, BUSY, 3, 0.999), Some(999));
            // The fourth try was the last.
            assert_eq!(policy.next_wait_ms(kind, BUSY, 4, 0.5), None);
        }
        let patient = RetryPolicy {
            max_attempts: 20,
            ..policy
        };
        assert_eq!(
            patient.next_wait_ms(RequestKind::Read, BUSY, 19, 0.999),
            Some(3_996)
        );
    }

    #[test]
    fn retry_after_is_honoured_and_a_long_one_is_reported_instead() {
        let policy = RetryPolicy::default();
        let slow_down = |secs| Failure::Status {
            status: 429,
            retry_after_secs: Some(secs),
        };
        assert_eq!(
            policy.next_wait_ms(RequestKind::Read, slow_down(2), 1, 0.5),
            Some(2_000)
        );
        assert_eq!(
            policy.next_wait_ms(RequestKind::Read, slow_down(900), 1, 0.5),
            None
        );
    }
}
