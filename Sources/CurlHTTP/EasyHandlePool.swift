import Synchronization

/// Idle easy handles, each with its live keep-alive connection, grouped by the origin they last
/// talked to.
///
/// A request checks out a handle that last served its own origin, so libcurl finds a connection to
/// reuse in that handle's cache; at most one request uses a handle at a time, so concurrent
/// requests each get their own connection. Every handle caches one connection
/// (CURLOPT_MAXCONNECTS = 1), which makes the number of idle connections equal to the number of
/// idle handles, bounded by `capacity`: a handle checked in to a full pool is closed.
final class EasyHandlePool: Sendable {
    private struct State {
        var idle: [String: [EasyHandle]] = [:]
        var count = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// An idle handle that last talked to `origin`, or else a new one.
    func checkOut(origin: String) throws(HTTPClientError) -> EasyHandle {
        let reused: EasyHandle? = state.withLock { state in
            guard let handle = state.idle[origin]?.popLast() else { return nil }
            state.count -= 1
            return handle
        }
        if let reused { return reused }
        guard let handle = EasyHandle() else {
            throw .other(CurlFailure(
                code: 2, summary: "Failed initialization", detail: "curl_easy_init() returned NULL",
                method: "", url: "", responseStarted: false))
        }
        return handle
    }

    /// Resets `handle` and keeps it for `origin`, unless the pool is full.
    func checkIn(_ handle: EasyHandle, origin: String) {
        handle.reset()
        // A handle not kept is released on return, and curl_easy_cleanup closes its connection.
        state.withLock { state in
            guard state.count < capacity else { return }
            state.idle[origin, default: []].append(handle)
            state.count += 1
        }
    }

    var idleCount: Int { state.withLock { $0.count } }

    /// The scheme, host and port of `url`, lowercased, as the pool key. Only a key: libcurl itself
    /// decides whether a cached connection matches, so an imprecise key costs reuse, never
    /// correctness.
    static func origin(of url: String) -> String {
        var rest = Substring(url)
        var scheme = Substring("")
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            scheme = rest[..<colon]
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: at)...]
        }
        return "\(scheme.lowercased())://\(authority.lowercased())"
    }
}
