internal import ProxyVerifyShim

/// Room for the error messages the C shim writes (they are one line, a path and an OpenSSL reason).
private let shimErrorCapacity = 1024

/// Calls a shim function that reports failure by writing into a `char *err, size_t err_len` buffer,
/// and returns its result together with that message (empty when nothing was written).
func withShimErrorBuffer<R>(_ body: (UnsafeMutablePointer<CChar>, Int) -> R) -> (result: R, message: String) {
    var buffer = [CChar](repeating: 0, count: shimErrorCapacity)
    let result = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
    let message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    return (result, message)
}

/// Copies a NUL-terminated string owned by a shim struct (freed later by the struct's clear function).
func shimString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}
