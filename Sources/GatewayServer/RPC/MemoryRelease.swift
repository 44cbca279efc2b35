#if canImport(Glibc)
import CMalloc
#endif

/// glibc keeps freed memory in its arenas: after a call with a million LFNs the resident size stayed at 380-510 MB.
/// `malloc_trim(0)` hands the free pages back to the system; it costs a few milliseconds, so it runs only after
/// large calls.
enum MemoryRelease {
    static func afterLargeCall() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }
}
