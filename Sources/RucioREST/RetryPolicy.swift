/// How often and how patiently an **idempotent** Rucio call is repeated after a transient failure.
///
/// Transient means: the connection could not be made or broke (for a listing: before any of its
/// records reached the caller), or Rucio answered 502, 503 or 504 — the statuses
/// the python client retries, and what Rucio answers for `ResourceTemporaryUnavailable` or a full
/// database pool (`DatabaseException` with `QueuePool`).
///
/// Only reads are retried: GETs and the read-only POSTs (`/dids/bulkmeta`, `/dids/bulkfiles`,
/// `/replicas/list`). Writes never are, because a 503 or a broken connection can come after Rucio
/// committed the change, and a repeated `POST /dids` then fails the whole batch with 409. A
/// listing is retried only while none of its records has reached the caller; once one has, a
/// failure is the caller's error (a retry would deliver records twice). Timeouts are not retried:
/// a server that is slow now is slow on the next attempt too, and the caller's own deadline (the
/// DIRAC client waits 120 s at most) would pass meanwhile.
///
/// The pause before attempt *n + 1* is `initialBackoff × multiplier^(n−1)`, capped at
/// `maximumBackoff`, then scaled by a random factor in `[1 − jitter, 1]` so that many gateway
/// threads failing together do not come back in lockstep.
public struct RucioRetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included; 1 disables retries.
    public var maximumAttempts: Int
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    public var multiplier: Double
    /// Fraction of each pause that is randomised, 0…1.
    public var jitter: Double
    /// Statuses that count as transient.
    public var retryableStatuses: Set<Int>

    public init(
        maximumAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(200),
        maximumBackoff: Duration = .seconds(2),
        multiplier: Double = 2,
        jitter: Double = 0.5,
        retryableStatuses: Set<Int> = [502, 503, 504]
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
        self.retryableStatuses = retryableStatuses
    }

    /// No retries at all.
    public static let none = RucioRetryPolicy(maximumAttempts: 1)

    /// The pause after failed attempt `attempt` (1-based), with `random` in `0…1` drawing the jitter.
    public func backoff(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let base = initialBackoff.seconds * pow(multiplier, exponent)
        let capped = min(base, maximumBackoff.seconds)
        let scaled = capped * (1 - jitter * min(1, max(0, random)))
        return .nanoseconds(Int64((scaled * 1e9).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

/// `base` raised to `exponent` for the small non-negative integral exponents backoff needs,
/// without importing a math library.
private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    while remaining > 0 && result < 1e12 {
        result *= base
        remaining -= 1
    }
    return result
}
