/// An `S_ERROR`: DIRAC's failed return value.
///
/// DIRAC formats the message of an error that carries an errno as `"<strerror> ( <errno> : <message>)"`
/// (`DIRACCommon.Core.Utilities.ReturnValues.S_ERROR`); callers compare `Errno` or match substrings, so
/// the gateway builds both exactly as DIRAC does.
public struct DIRACError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 0 when the error carries no number.
    public var errno: Int32
    /// The message as given, before DIRAC's errno formatting.
    public var reason: String

    public init(_ reason: String) {
        self.errno = 0
        self.reason = reason
    }

    public init(errno: Int32, _ reason: String) {
        self.errno = errno
        self.reason = reason
    }

    /// `Message` as `S_ERROR` builds it.
    public var message: String {
        errno == 0 ? reason : "\(DErrno.strerror(errno)) ( \(errno) : \(reason))"
    }

    public var description: String { message }
}

extension DIRACError {
    /// Invalid arguments, as DIRAC's own argument checks report them (`S_ERROR(errno.EINVAL, …)`).
    public static func invalidArgument(_ reason: String) -> DIRACError {
        DIRACError(errno: DErrno.EINVAL, reason)
    }
}
