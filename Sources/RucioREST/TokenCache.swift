/// A Rucio auth token and how long it may be used.
struct RucioToken: Sendable {
    let value: String
    /// When the token stops being usable by the local monotonic clock; nil when the server did
    /// not say (then it is used until Rucio refuses it with 401 `CannotAuthenticate`).
    let expires: ContinuousClock.Instant?
}

/// The token of one (account, identity) pair.
///
/// - A token is reused until it has less than `refreshMargin` left, then replaced *before* it
///   expires, so no request is sent with a token about to lapse in flight.
/// - Concurrent callers that find no usable token share **one** authentication: the first starts
///   it, the others await the same task. A burst of 100 calls on a cold gateway costs one
///   `/auth/userpass`, not 100.
/// - After a 401 `CannotAuthenticate` the caller passes the refused token back; the token is
///   dropped only if it is still the current one, so many requests failing with the same expired
///   token cause one re-authentication, not one each.
actor TokenCache {
    private var current: RucioToken?
    private var inFlight: Task<Result<RucioToken, RucioError>, Never>?
    private let refreshMargin: Duration
    private let authenticate: @Sendable () async -> Result<RucioToken, RucioError>
    /// Authentications started (for tests and logs).
    private(set) var authentications = 0

    init(refreshMargin: Duration, authenticate: @escaping @Sendable () async -> Result<RucioToken, RucioError>) {
        self.refreshMargin = refreshMargin
        self.authenticate = authenticate
    }

    /// A usable token, authenticating if needed. `refused`: a token Rucio has just refused.
    func token(replacing refused: String? = nil) async throws(RucioError) -> RucioToken {
        if let refused, current?.value == refused { current = nil }
        if let current, isUsable(current) { return current }
        if let inFlight { return try await inFlight.value.get() }
        let task = Task { await authenticate() }
        inFlight = task
        authentications += 1
        let result = await task.value
        inFlight = nil
        if case .success(let token) = result { current = token }
        return try result.get()
    }

    private func isUsable(_ token: RucioToken) -> Bool {
        guard let expires = token.expires else { return true }
        return ContinuousClock.now.advanced(by: refreshMargin) < expires
    }
}
