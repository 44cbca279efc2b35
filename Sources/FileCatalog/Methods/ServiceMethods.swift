import DIRACAuth
import DIRACWire
import OrderedCollections

#if canImport(Glibc)
import Glibc
#endif

/// `ping`, `echo` and `whoami`, which DIRAC's `TornadoService` adds to every HTTPS service
/// (`DIRAC/Core/Tornado/Server/TornadoService.py`); monitoring and `dirac-admin` tooling call them.
public enum ServiceMethods {
    /// `ping`: the same keys as DIRAC's `export_ping` (version, time, uptimes, load, name, URL, CPU times).
    public struct Ping: CatalogMethod {
        public static let name = "ping"
        public static let access = MethodAccess.all

        public init() {}

        public func decode(_ arguments: ArgumentList) throws(DIRACError) {}

        public func run(_ arguments: Void, in context: CallContext) async -> DIRACResult {
            let now = SystemFacts.now()
            var info: [(String, DIRACValue)] = [
                ("version", .string(context.service.version)),
                ("time", .datetime(DIRACDateTime(secondsSinceEpoch: now))),
            ]
            if let uptime = SystemFacts.hostUptime() {
                info.append(("host uptime", .int(uptime)))
            }
            info.append(("service start time", .datetime(DIRACDateTime(secondsSinceEpoch: context.service.startTime))))
            info.append(("service uptime", .int(now - context.service.startTime)))
            if let load = SystemFacts.loadAverage() {
                info.append(("load", .string(load)))
            }
            info.append(("name", .string(context.service.name)))
            info.append(("URL", .string(context.service.url)))
            info.append(("cpu times", .dict(.init(uniqueKeysWithValues: SystemFacts.cpuTimes().map { ($0.0, DIRACValue.double($0.1)) }))))
            return .ok(.dict(.init(uniqueKeysWithValues: info)))
        }
    }

    /// `echo(data)`: returns its argument (DIRAC uses it to measure a service's overhead).
    public struct Echo: CatalogMethod {
        public static let name = "echo"
        public static let access = MethodAccess.all

        public init() {}

        public func decode(_ arguments: ArgumentList) throws(DIRACError) -> DIRACValue {
            try arguments.expectAtMost(1)
            return try arguments.required(0, "data")
        }

        public func run(_ data: DIRACValue, in context: CallContext) async -> DIRACResult {
            .ok(data)
        }
    }

    /// `whoami`: the caller's credentials dictionary, with DIRAC's key names (`DN`, `group`, `identity`,
    /// `subject`, `issuer`, `isProxy`, `isLimitedProxy`, `secondsLeft`, `properties`, `username`...).
    public struct WhoAmI: CatalogMethod {
        public static let name = "whoami"
        public static let access = MethodAccess.authenticated

        public init() {}

        public func decode(_ arguments: ArgumentList) throws(DIRACError) {
            try arguments.expectAtMost(0)
        }

        public func run(_ arguments: Void, in context: CallContext) async -> DIRACResult {
            .ok(context.caller.credentialDictionary(now: SystemFacts.now()))
        }
    }
}

extension Caller {
    /// DIRAC's `credDict` as `whoami` returns it.
    public func credentialDictionary(now: Int64) -> DIRACValue {
        var dict: [(String, DIRACValue)] = [
            ("DN", .string(dn)),
            ("group", .string(group)),
            ("identity", .string(peer.dn)),
            ("subject", .string(peer.subject)),
            ("issuer", .string(peer.issuer)),
            ("isProxy", .bool(peer.isProxy)),
            ("isLimitedProxy", .bool(peer.isLimitedProxy)),
            ("secondsLeft", .int(max(0, peer.notAfter - now))),
            ("properties", .list(properties.map { .string($0) })),
            ("validDN", .bool(hasValidDN)),
            ("validGroup", .bool(standing == .registered)),
        ]
        // DIRAC names a caller it cannot vouch for "anonymous" (AuthManager.authQuery).
        dict.append((kind == .host ? "hostname" : "username", .string(username ?? "anonymous")))
        if let delegatedBy {
            dict.append(("extraCredentials", .list([.string(dn), .string(group)])))
            dict.append(("delegatedBy", .string(delegatedBy)))
        } else if kind == .host {
            dict.append(("extraCredentials", "hosts"))
        }
        return .dict(.init(uniqueKeysWithValues: dict))
    }
}

extension Caller {
    /// The Registry knows the DN (as a user or host), whether or not it vouches for the group.
    var hasValidDN: Bool {
        switch standing {
        case .registered: true
        case .visitor(.notAMember), .visitor(.noGroup), .visitor(.suspended): true
        case .visitor(.unknownDN), .visitor(.unknownHost): false
        }
    }
}

/// Host facts for `ping`, read the way DIRAC reads them (`/proc/uptime`, `/proc/loadavg`, `os.times()`).
enum SystemFacts {
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }

    static func hostUptime() -> Int64? {
        firstLine(of: "/proc/uptime")?.split(separator: " ").first.flatMap { Double($0) }.map { Int64($0) }
    }

    static func loadAverage() -> String? {
        firstLine(of: "/proc/loadavg").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
    }

    static func cpuTimes() -> [(String, Double)] {
        var usage = tms()
        let elapsed = times(&usage)
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return [
            ("user time", Double(usage.tms_utime) / ticks),
            ("system time", Double(usage.tms_stime) / ticks),
            ("children user time", Double(usage.tms_cutime) / ticks),
            ("children system time", Double(usage.tms_cstime) / ticks),
            ("elapsed real time", Double(elapsed) / ticks),
        ]
    }

    private static func firstLine(of path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self).trimmingSuffix("\n")
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
