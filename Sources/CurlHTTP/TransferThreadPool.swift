/// A small pool of dedicated threads that run blocking transfers for the async API.
///
/// Threads are started lazily, up to `maximumThreads`, when queued work outnumbers idle threads,
/// and then stay until `shutdown()`, so a burst of requests pays thread creation once. Jobs run in
/// submission order.
final class TransferThreadPool: Sendable {
    /// A unit of work; `reject` is called instead of `run` if no thread could ever run it.
    struct Job: Sendable {
        let run: @Sendable () -> Void
        let reject: @Sendable () -> Void
    }

    private struct State {
        // Two-stack FIFO queue: amortised O(1) even when thousands of requests are queued.
        var inbox: [Job] = []
        var outbox: [Job] = []
        var threads = 0
        var idleThreads = 0
        var isShutDown = false

        var pending: Int { inbox.count + outbox.count }

        mutating func dequeue() -> Job? {
            if outbox.isEmpty {
                outbox = inbox.reversed()
                inbox.removeAll(keepingCapacity: true)
            }
            return outbox.popLast()
        }
    }

    private let lock = ConditionLock(State())
    private let maximumThreads: Int

    init(maximumThreads: Int) {
        self.maximumThreads = max(1, maximumThreads)
    }

    /// Queues `job`; it runs on one of the pool's threads (or is rejected after `shutdown()`).
    func submit(_ job: Job) {
        enum Decision { case rejected, queued, queuedStartingThread }
        let decision: Decision = lock.withLock { state in
            if state.isShutDown { return .rejected }
            state.inbox.append(job)
            if state.pending > state.idleThreads && state.threads < maximumThreads {
                state.threads += 1
                return .queuedStartingThread
            }
            return .queued
        }
        switch decision {
        case .rejected:
            job.reject()
        case .queued:
            lock.signal()
        case .queuedStartingThread:
            let started = DetachedThread.start { [self] in workLoop() }
            if !started {
                // Without any thread nothing would ever run the queue: fail what is waiting.
                let orphans: [Job] = lock.withLock { state in
                    state.threads -= 1
                    guard state.threads == 0 else { return [] }
                    var jobs: [Job] = []
                    while let job = state.dequeue() { jobs.append(job) }
                    return jobs
                }
                orphans.forEach { $0.reject() }
            }
        }
    }

    /// Lets the threads finish the queued jobs and exit; later submissions are rejected.
    func shutdown() {
        lock.withLock { $0.isShutDown = true }
        lock.broadcast()
    }

    private func workLoop() {
        while true {
            let job: Job? = lock.withLock(
                sleepingWhile: { state in
                    guard state.pending == 0 && !state.isShutDown else { return false }
                    state.idleThreads += 1
                    return true
                },
                afterWaking: { state in state.idleThreads -= 1 },
                { state in
                    if let job = state.dequeue() { return job }
                    state.threads -= 1  // shut down and drained
                    return nil
                }
            )
            guard let job else { return }
            job.run()
        }
    }
}
