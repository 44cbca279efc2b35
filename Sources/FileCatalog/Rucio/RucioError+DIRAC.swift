import DIRACWire
import RucioREST

extension RucioError {
    /// The `S_ERROR` a whole call ends with when Rucio fails it: DIRAC's catalog errno (`EFCERR`, 1604), or
    /// `EACCES`/`ETIMEDOUT` where DIRAC callers test for those, with Rucio's own exception class and message,
    /// so the operator sees what Rucio said. A listing cut mid-way is such an error too: the gateway never
    /// answers a truncated `Successful`.
    public var diracError: DIRACError {
        if isAccessDenied {
            return DIRACError(errno: DErrno.EACCES, "Permission denied by Rucio: \(exceptionMessage ?? description)")
        }
        if case .transport(let failure) = self, failure.isTimeout {
            return DIRACError(errno: DErrno.ETIMEDOUT, "Rucio did not answer in time: \(failure)")
        }
        return DIRACError(errno: DErrno.EFCERR, description)
    }

    /// The reason for one LFN's `Failed` entry when Rucio refused the operation for it alone.
    public var perLFNReason: String {
        if isAccessDenied { return "Permission denied" }
        if let exceptionClass, let exceptionMessage { return "Rucio \(exceptionClass): \(exceptionMessage)" }
        return description
    }
}
