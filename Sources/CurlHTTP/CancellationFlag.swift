import Synchronization

/// Set by a task-cancellation handler, read by the transfer thread's progress callback, which
/// then makes libcurl stop the transfer (CURLE_ABORTED_BY_CALLBACK).
final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)

    func cancel() { state.store(true, ordering: .releasing) }
    var isCancelled: Bool { state.load(ordering: .acquiring) }
}
