import DIRACWire
import DIRACAuth
import Logging

/// Facts about the running service that `ping` reports (DIRAC's `_serviceInfoDict` and start time).
public struct ServiceInfo: Sendable {
    /// `<System>/<Component>` of the route that received the call.
    public var name: String
    /// Full URL of the route.
    public var url: String
    /// When the service started, seconds since the Unix epoch.
    public var startTime: Int64
    public var version: String

    public init(name: String, url: String, startTime: Int64, version: String) {
        self.name = name
        self.url = url
        self.startTime = startTime
        self.version = version
    }
}

/// What a method handler knows about the call besides its arguments.
public struct CallContext: Sendable {
    public var caller: Caller
    public var service: ServiceInfo
    public var policy: AuthorizationPolicy
    public var logger: Logger
    /// What one LFN argument may hold.
    public var lfnLimits: LFNArgument.Limits

    public init(
        caller: Caller, service: ServiceInfo, policy: AuthorizationPolicy, logger: Logger,
        lfnLimits: LFNArgument.Limits = .default
    ) {
        self.caller = caller
        self.service = service
        self.policy = policy
        self.logger = logger
        self.lfnLimits = lfnLimits
    }
}
