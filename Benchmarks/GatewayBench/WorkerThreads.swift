#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Runs `body(index)` on `count` plain threads at once and returns their results in index order.
///
/// Each benchmark worker needs a thread of its own for the blocking client calls: dispatch's
/// concurrentPerform or the async runtime would cap the parallelism at the core count.
enum WorkerThreads {
    private final class Context: @unchecked Sendable {
        // @unchecked: written once before the thread starts, read only by that thread.
        let run: () -> Void
        init(run: @escaping () -> Void) { self.run = run }
    }

    private final class Results<T: Sendable>: Sendable {
        let values = Mutex<[Int: T]>([:])
    }

    static func run<T: Sendable>(count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let results = Results<T>()
        var threads: [pthread_t] = []
        for index in 0..<count {
            let context = Unmanaged.passRetained(Context {
                let value = body(index)
                results.values.withLock { $0[index] = value }
            }).toOpaque()
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { context in
                Unmanaged<Context>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
            if rc != 0 {
                Unmanaged<Context>.fromOpaque(context).release()
                fatalError("pthread_create failed for worker \(index): error \(rc)")
            }
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
        return results.values.withLock { values in (0..<count).map { values[$0]! } }
    }
}
