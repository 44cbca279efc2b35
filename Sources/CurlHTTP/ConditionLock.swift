#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex, with a condition variable to wait for changes of it.
///
/// `Synchronization.Mutex` has no condition variable, and the transfer threads must sleep until
/// work arrives without spinning, so this pairs the two pthread primitives around the state.
final class ConditionLock<State>: @unchecked Sendable {
    // @unchecked: `state` is only touched with `mutex` held; the pthread objects live on the heap
    // at stable addresses, as pthreads requires.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var state: State

    init(_ initial: State) {
        state = initial
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }

    /// Locks, then sleeps on the condition (the lock released meanwhile) for as long as
    /// `shouldSleep` says so, calling `afterWaking` after each sleep; finally runs `body`, all
    /// under the lock. The closures get separate accesses to the state so that no access spans a
    /// sleep, during which other threads change it.
    func withLock<Result>(
        sleepingWhile shouldSleep: (inout State) -> Bool,
        afterWaking: (inout State) -> Void,
        _ body: (inout State) -> Result
    ) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while shouldSleep(&state) {
            pthread_cond_wait(condition, mutex)
            afterWaking(&state)
        }
        return body(&state)
    }

    func signal() { pthread_cond_signal(condition) }
    func broadcast() { pthread_cond_broadcast(condition) }
}
