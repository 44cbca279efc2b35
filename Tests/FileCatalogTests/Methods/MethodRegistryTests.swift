import DIRACAuth
import DIRACWire
import FileCatalog
import Testing

/// A stand-in catalog write, to check the registry's write-access rule.
struct FakeAddFile: CatalogMethod {
    static let name = "addFile"
    static let access = MethodAccess.write

    func decode(_ arguments: ArgumentList) throws(DIRACError) -> LFNArgument {
        try arguments.expectAtMost(1)
        return try arguments.lfns(0, "lfns")
    }

    func run(_ lfns: LFNArgument, in context: CallContext) async -> DIRACResult {
        var result = BulkResult()
        for entry in lfns.entries.values { result.succeed(entry, true) }
        return result.result
    }
}

/// Answers a constant, to check that a later registration replaces an earlier one.
struct ConstantPing: CatalogMethod {
    static let name = "ping"
    static let access = MethodAccess.all
    func decode(_ arguments: ArgumentList) throws(DIRACError) {}
    func run(_ arguments: Void, in context: CallContext) async -> DIRACResult { .ok("pong") }
}

@Suite("MethodRegistry")
struct MethodRegistryTests {
    @Test("the gateway registry serves ping, echo, whoami, hasAccess and getPathPermissions")
    func gatewayMethods() {
        let registry = MethodRegistry.gateway()
        #expect(registry.methodNames == ["echo", "getPathPermissions", "hasAccess", "ping", "whoami"])
        #expect(registry.serves("hasAccess"))
        #expect(!registry.serves("isFile"))
        #expect(registry.access(of: "ping") == .all)
        #expect(registry.access(of: "echo") == .all)
        #expect(registry.access(of: "whoami") == .authenticated)
        #expect(registry.access(of: "hasAccess") == .authenticated)
        #expect(registry.access(of: "getPathPermissions") == .authenticated)
        #expect(registry.access(of: "isFile") == nil)
    }

    @Test("an unknown method is notImplemented (HTTP 501), named as called")
    func unknownMethod() async throws {
        let outcome = await dispatch("isFile", [["/ctao/a": true]], in: try Fixture.context())
        guard case .notImplemented(let name) = outcome else {
            Issue.record("expected notImplemented, got \(outcome)")
            return
        }
        #expect(name == "isFile")
    }

    @Test("a write method for a group without write access is unauthorized (HTTP 401)")
    func writeRefused() async throws {
        var registry = MethodRegistry.gateway()
        registry.register(FakeAddFile())
        let outcome = await dispatch("addFile", [["/ctao/a": true]], in: try Fixture.context(group: "ctao_user"), registry: registry)
        guard case .unauthorized(let error) = outcome else {
            Issue.record("expected unauthorized, got \(outcome)")
            return
        }
        #expect(error.reason.contains("ctao_user"))
        #expect(error.reason.contains("addFile"))
    }

    @Test("a write method for a write group runs")
    func writeAllowed() async throws {
        var registry = MethodRegistry.gateway()
        registry.register(FakeAddFile())
        let answer = await result("addFile", [["/ctao/a/": true]], in: try Fixture.context(group: "ctao_production"), registry: registry)
        #expect(answer?.value == ["Successful": ["/ctao/a/": true], "Failed": [:]])
    }

    @Test("a host (group hosts) may not write unless hosts is a write group")
    func hostWriteRefused() async throws {
        var registry = MethodRegistry()
        registry.register(FakeAddFile())
        let context = Fixture.context(try Fixture.caller(extraCredentials: .hosts))
        guard case .unauthorized = await dispatch("addFile", [["/ctao/a": true]], in: context, registry: registry) else {
            Issue.record("host was allowed to write")
            return
        }
    }

    @Test("argument errors are S_ERROR(EINVAL) results, not HTTP errors")
    func argumentErrorsAreResults() async throws {
        let answer = await result("hasAccess", [5, "Read"], in: try Fixture.context())
        #expect(answer?.failure?.errno == DErrno.EINVAL)
        #expect(answer?.failure?.message == "Invalid argument ( 22 : Utils.checkArgumentFormat: Supplied path is not of the correct format.)")
    }

    @Test("a later registration of a name replaces the earlier one")
    func replacement() async throws {
        var registry = MethodRegistry.gateway()
        registry.register(ConstantPing())
        #expect(await result("ping", [], in: try Fixture.context(), registry: registry)?.value == "pong")
        #expect(registry.methodNames.count == 5)
    }

    @Test("an empty registry serves nothing")
    func emptyRegistry() async throws {
        let registry = MethodRegistry()
        #expect(registry.methodNames.isEmpty)
        guard case .notImplemented = await dispatch("ping", [], in: try Fixture.context(), registry: registry) else {
            Issue.record("empty registry answered ping")
            return
        }
    }
}

@Suite("ArgumentList: DIRAC-style EINVAL errors")
struct ArgumentListTests {
    @Test("too many arguments")
    func tooMany() {
        let arguments = ArgumentList(method: "whoami", values: [1, 2])
        #expect(throws: DIRACError.invalidArgument("whoami takes at most 1 argument(s), 2 given")) { try arguments.expectAtMost(1) }
        #expect(throws: Never.self) { try arguments.expectAtMost(2) }
    }

    @Test("a missing required argument")
    func missing() {
        let arguments = ArgumentList(method: "echo", values: [])
        #expect(throws: DIRACError.invalidArgument("echo: missing argument 1 (data)")) { try arguments.required(0, "data") }
    }

    @Test("optional: an argument not sent is nil, an explicit None is .some(.none)")
    func optionalArgument() {
        let arguments = ArgumentList(method: "listDirectory", values: ["/ctao", nil])
        #expect(arguments.optional(0) == .some("/ctao"))
        #expect(arguments.optional(1) == .some(DIRACValue.none))
        #expect(arguments.optional(2) == Optional<DIRACValue>.none)
        if case .some(let value) = arguments.optional(2) {
            Issue.record("a missing argument reads as \(value)")
        }
        #expect(ArgumentList(method: "ping", values: []).optional(0) == Optional<DIRACValue>.none)
    }

    @Test("a string argument of the wrong type names both types the Python way")
    func stringMismatch() throws {
        let arguments = ArgumentList(method: "setMetadata", values: [["/ctao"], "x"])
        #expect(throws: DIRACError.invalidArgument("setMetadata: argument 1 (path) must be str, got list")) {
            try arguments.string(0, "path")
        }
        #expect(try arguments.string(1, "other") == "x")
    }

    @Test("flags: booleans, 0/1, None and absent mean the default; anything else is refused")
    func flags() throws {
        let arguments = ArgumentList(method: "listDirectory", values: ["/ctao", true, 0, 1, nil, 2, "True"])
        #expect(try arguments.bool(1, "verbose", default: false) == true)
        #expect(try arguments.bool(2, "verbose", default: true) == false)
        #expect(try arguments.bool(3, "verbose", default: false) == true)
        #expect(try arguments.bool(4, "verbose", default: true) == true)
        #expect(try arguments.bool(9, "verbose", default: true) == true)
        #expect(throws: DIRACError.invalidArgument("listDirectory: argument 6 (verbose) must be bool, got int")) {
            try arguments.bool(5, "verbose", default: false)
        }
        #expect(throws: DIRACError.invalidArgument("listDirectory: argument 7 (verbose) must be bool, got str")) {
            try arguments.bool(6, "verbose", default: false)
        }
    }

    @Test("LFN collections use checkArgumentFormat's messages")
    func lfns() throws {
        let arguments = ArgumentList(method: "isFile", values: [["lfn:/ctao/a/": true], [], 3])
        #expect(try arguments.lfns(0, "lfns").lfns == ["/ctao/a"])
        #expect(throws: DIRACError.invalidArgument("Empty input: []")) { try arguments.lfns(1, "lfns") }
        #expect(throws: DIRACError.invalidArgument("Utils.checkArgumentFormat: Supplied path is not of the correct format.")) {
            try arguments.lfns(2, "lfns")
        }
        #expect(throws: DIRACError.invalidArgument("isFile: missing argument 4 (lfns)")) { try arguments.lfns(3, "lfns") }
    }
}
