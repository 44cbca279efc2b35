import Foundation
import GatewayJSON
import RucioREST
import Testing

@Suite("Tokens: expiry, re-authentication, sharing (fake server)")
struct TokenHandlingTests {
    /// A server whose API answers `/scopes/` with `["tests"]` for any token it issued itself,
    /// after the behaviour of `apiOverride` (if it returns a response).
    static func script(
        counters: Counters, lifetime: TimeInterval = 3600, dateOffset: TimeInterval = 0,
        authDelay: Duration? = nil,
        apiOverride: @escaping @Sendable (FakeRucioServer.Request) -> FakeRucioServer.Response? = { _ in nil }
    ) -> FakeRucioServer.Script {
        { request in
            if request.path.hasPrefix("/auth/") {
                var response = tokenResponse(request, counters: counters, lifetime: lifetime, dateOffset: dateOffset)
                response.delay = authDelay
                return response
            }
            if let override = apiOverride(request) { return override }
            guard request.header("X-Rucio-Auth-Token")?.contains("-token-") == true else {
                return .rucioError(401, "CannotAuthenticate", "Cannot authenticate with given credentials")
            }
            return FakeRucioServer.Response(status: 200, headers: [("Content-Type", "application/json")], body: #"["tests"]"#)
        }
    }

    @Test("one token serves many calls while it has more than the refresh margin left")
    func tokenReused() async throws {
        let counters = Counters()
        try await withFakeRucio(Self.script(counters: counters, lifetime: 3600)) { server in
            let session = fakeClient(server, refreshMargin: .seconds(300)).account("root")
            for _ in 0..<3 { _ = try await session.listScopes() }
            #expect(server.requests(to: "/auth/userpass").count == 1)
            #expect(Set(server.requests(to: "/scopes/").compactMap { $0.header("X-Rucio-Auth-Token") }) == ["root-token-1"])
        }
    }

    @Test("a token with less than the refresh margin left is replaced before it is used")
    func refreshBeforeExpiry() async throws {
        let counters = Counters()
        // Valid for 60 s more, margin 300 s: never good enough to send.
        try await withFakeRucio(Self.script(counters: counters, lifetime: 60)) { server in
            let session = fakeClient(server, refreshMargin: .seconds(300)).account("root")
            _ = try await session.listScopes()
            _ = try await session.listScopes()
            #expect(server.requests(to: "/auth/userpass").count == 2)
            #expect(server.requests(to: "/scopes/").compactMap { $0.header("X-Rucio-Auth-Token") }
                == ["root-token-1", "root-token-2"])
        }
    }

    @Test("expiry is measured against the server's Date header, so a skewed server clock does not matter")
    func clockSkew() async throws {
        let counters = Counters()
        // The server's clock is two hours behind: its expiry is in our past, yet the token has an hour.
        try await withFakeRucio(Self.script(counters: counters, lifetime: 3600, dateOffset: -7200)) { server in
            let session = fakeClient(server, refreshMargin: .seconds(300)).account("root")
            _ = try await session.listScopes()
            _ = try await session.listScopes()
            #expect(server.requests(to: "/auth/userpass").count == 1)
        }
    }

    @Test("a 401 CannotAuthenticate on a token believed valid causes one re-authentication and a resend")
    func reauthenticateOnce() async throws {
        let counters = Counters()
        let script = Self.script(counters: counters) { request in
            // The server forgot token 1 (a restart, a revocation).
            request.header("X-Rucio-Auth-Token") == "root-token-1"
                ? .rucioError(401, "CannotAuthenticate", "Cannot authenticate with given credentials") : nil
        }
        try await withFakeRucio(script) { server in
            let session = fakeClient(server).account("root")
            let scopes = try await session.listScopes()
            #expect(scopes == ["tests"])
            #expect(server.requests(to: "/auth/userpass").count == 2)
            #expect(server.requests(to: "/scopes/").compactMap { $0.header("X-Rucio-Auth-Token") }
                == ["root-token-1", "root-token-2"])
        }
    }

    @Test("a write refused with CannotAuthenticate is sent again after re-authentication (it never ran)")
    func writeResentAfterReauthentication() async throws {
        let counters = Counters()
        let script = Self.script(counters: counters) { request in
            if request.header("X-Rucio-Auth-Token") == "root-token-1" {
                return .rucioError(401, "CannotAuthenticate", "expired")
            }
            return request.path.hasPrefix("/dids/") ? FakeRucioServer.Response(status: 200) : nil
        }
        try await withFakeRucio(script) { server in
            let did = RucioDID(scope: "tests", name: "/ctao/tests/d")
            try await fakeClient(server).account("root").setStatus(of: did, open: false)
            #expect(server.requests.filter { $0.method == "PUT" }.count == 2)
        }
    }

    @Test("a token refused again after re-authenticating is an error, not a loop")
    func noReauthenticationLoop() async throws {
        let counters = Counters()
        let script = Self.script(counters: counters) { _ in .rucioError(401, "CannotAuthenticate", "never") }
        try await withFakeRucio(script) { server in
            let error = try #require(await rucioError { try await fakeClient(server).account("root").listScopes() })
            #expect(error.isCannotAuthenticate)
            #expect(server.requests(to: "/auth/userpass").count == 2)
            #expect(server.requests(to: "/scopes/").count == 2)
        }
    }

    @Test("a 401 AccessDenied is a permission error: thrown at once, no re-authentication, no retry")
    func accessDeniedNotReauthenticated() async throws {
        let counters = Counters()
        let script = Self.script(counters: counters) { _ in
            .rucioError(401, "AccessDenied", "Account testuser can not add file replicas on STORAGE-1")
        }
        try await withFakeRucio(script) { server in
            let error = try #require(await rucioError { try await fakeClient(server).account("testuser").listScopes() })
            #expect(error.isAccessDenied)
            #expect(server.requests(to: "/auth/userpass").count == 1)
            #expect(server.requests(to: "/scopes/").count == 1)
        }
    }

    @Test("wrong credentials fail as .authentication with Rucio's CannotAuthenticate, once")
    func wrongCredentials() async throws {
        try await withFakeRucio({ _ in .rucioError(401, "CannotAuthenticate", "Cannot authenticate to account root with given credentials") })
        { server in
            let error = try #require(await rucioError { try await fakeClient(server).account("root").listScopes() })
            guard case .authentication(let failure) = error else {
                Issue.record("expected .authentication, got \(error)")
                return
            }
            #expect(failure.account == "root")
            #expect(error.isCannotAuthenticate)
            #expect(server.requests.count == 1)
        }
    }

    @Test("concurrent callers without a token share one authentication")
    func concurrentCallersShareOneAuthentication() async throws {
        let counters = Counters()
        try await withFakeRucio(Self.script(counters: counters, authDelay: .milliseconds(300))) { server in
            let session = fakeClient(server).account("root")
            try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<20 { group.addTask { try await session.listScopes() } }
                for try await scopes in group { #expect(scopes == ["tests"]) }
            }
            #expect(server.requests(to: "/auth/userpass").count == 1)
        }
    }

    @Test("each account has its own token, requested with its X-Rucio-Account; X-Rucio-VO goes along")
    func perAccountTokens() async throws {
        let counters = Counters()
        try await withFakeRucio(Self.script(counters: counters)) { server in
            let client = fakeClient(server, vo: "def")
            _ = try await client.account("root").listScopes()
            _ = try await client.account("dirac").listScopes()
            _ = try await client.account("root").listScopes()
            let auths = server.requests(to: "/auth/userpass")
            #expect(auths.compactMap { $0.header("X-Rucio-Account") } == ["root", "dirac"])
            #expect(auths.allSatisfy { $0.header("X-Rucio-VO") == "def" && $0.header("X-Rucio-Password") == "secret" })
            let api = server.requests(to: "/scopes/")
            #expect(api.compactMap { $0.header("X-Rucio-Auth-Token") } == ["root-token-1", "dirac-token-2", "root-token-1"])
            #expect(api.allSatisfy { $0.header("X-Rucio-VO") == "def" })
            #expect(await client.authenticationCount(account: "root") == 1)
            #expect(await client.authenticationCount(account: "dirac") == 1)
        }
    }

    /// A JWT-shaped token whose payload says it expires `seconds` from now (unsigned: only the
    /// client reads it here).
    static func jwt(expiringIn seconds: TimeInterval, subject: String) -> String {
        func base64url(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let exp = Int(Date().timeIntervalSince1970 + seconds)
        return base64url(#"{"alg":"RS256"}"#) + "." + base64url(#"{"sub":"\#(subject)","exp":\#(exp)}"#) + ".c2ln"
    }

    @Test("an OIDC token provider's JWT is sent as X-Rucio-Auth-Token and reused until its exp is near")
    func tokenProviderExpiry() async throws {
        let calls = Counters()
        let provider = RucioTokenProvider { account in
            let serial = calls.next("jwt")
            // The first JWT expires within the refresh margin, the later ones in an hour.
            return Self.jwt(expiringIn: serial == 1 ? 60 : 3600, subject: "\(account)-\(serial)")
        }
        try await withFakeRucio({ _ in
            FakeRucioServer.Response(status: 200, headers: [("Content-Type", "application/json")], body: #"["tests"]"#)
        }) { server in
            let session = fakeClient(server, credentials: .tokenProvider(provider), refreshMargin: .seconds(300))
                .account("dirac")
            for _ in 0..<3 { _ = try await session.listScopes() }
            #expect(calls["jwt"] == 2)
            let tokens = server.requests(to: "/scopes/").compactMap { $0.header("X-Rucio-Auth-Token") }
            #expect(tokens.count == 3 && tokens[1] == tokens[2] && tokens[0] != tokens[1])
            #expect(tokens.allSatisfy { $0.split(separator: ".").count == 3 })
            #expect(server.requests.allSatisfy { !$0.path.hasPrefix("/auth/") })
        }
    }

    @Test("after a 401 CannotAuthenticate the token provider is asked for a new JWT, once")
    func tokenProviderAfterRefusal() async throws {
        let calls = Counters()
        let provider = RucioTokenProvider { _ in Self.jwt(expiringIn: 3600, subject: "s\(calls.next("jwt"))") }
        let refused = Counters()
        try await withFakeRucio({ _ in
            refused.next("api") == 1
                ? .rucioError(401, "CannotAuthenticate", "Cannot authenticate with given credentials")
                : FakeRucioServer.Response(status: 200, headers: [("Content-Type", "application/json")], body: #"["tests"]"#)
        }) { server in
            let session = fakeClient(server, credentials: .tokenProvider(provider)).account("dirac")
            let scopes = try await session.listScopes()
            #expect(scopes == ["tests"])
            #expect(calls["jwt"] == 2)
            #expect(server.requests.count == 2)
        }
    }

    @Test("a token provider that throws surfaces as .authentication with its error")
    func tokenProviderFailure() async throws {
        struct NoToken: Error {}
        try await withFakeRucio({ _ in FakeRucioServer.Response(status: 200) }) { server in
            let session = fakeClient(server, credentials: .tokenProvider(RucioTokenProvider { _ in throw NoToken() }))
                .account("dirac")
            let error = try #require(await rucioError { try await session.listScopes() })
            guard case .authentication(let failure) = error else {
                Issue.record("expected .authentication, got \(error)")
                return
            }
            #expect(failure.underlying is NoToken)
            #expect(server.requests.isEmpty)
        }
    }
}
