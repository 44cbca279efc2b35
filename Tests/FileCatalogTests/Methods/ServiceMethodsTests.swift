import DIRACAuth
import DIRACWire
import FileCatalog
import OrderedCollections
import Testing

#if canImport(Glibc)
import Glibc
#endif

func nowSeconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec)
}

@Suite("ping, echo, whoami")
struct ServiceMethodsTests {
    @Test("ping answers DIRAC's keys: version, time, host uptime, service start time, service uptime, load, name, URL, cpu times")
    func pingKeys() async throws {
        let before = nowSeconds()
        let answer = try #require(await result("ping", [], in: try Fixture.context()))
        let after = nowSeconds()
        let info = try #require(answer.value?.dictValue)
        #expect(Array(info.keys) == [
            "version", "time", "host uptime", "service start time", "service uptime", "load", "name", "URL", "cpu times",
        ])
        #expect(info["version"] == "1.2.3")
        guard case .datetime(let time)? = info["time"] else {
            Issue.record("time is not a datetime: \(String(describing: info["time"]))")
            return
        }
        #expect((before...after).contains(time.secondsSinceEpoch))
        #expect(info["service start time"] == .datetime(DIRACDateTime(secondsSinceEpoch: Fixture.startTime)))
        let uptime = try #require(info["service uptime"]?.intValue)
        #expect((before - Fixture.startTime...after - Fixture.startTime).contains(uptime))
        #expect((info["host uptime"]?.intValue ?? -1) >= 0)
        #expect(info["load"]?.stringValue?.split(separator: " ").count == 3)
        #expect(info["name"] == "DataManagement/FileCatalog")
        #expect(info["URL"] == "https://gateway.example.org:8443/DataManagement/FileCatalog")
        let cpu = try #require(info["cpu times"]?.dictValue)
        #expect(Array(cpu.keys) == ["user time", "system time", "children user time", "children system time", "elapsed real time"])
        #expect(cpu.values.allSatisfy { if case .double(let value) = $0 { value >= 0 } else { false } })
    }

    @Test("ping's answer JEncodes with dt tags, as the captured answer")
    func pingWire() async throws {
        let answer = try #require(await result("ping", [], in: try Fixture.context()))
        let wire = try JEncode.decode(answer.jencodedBody())
        #expect(wire["OK"] == true)
        #expect(wire["Value"]?["service start time"] == .datetime(DIRACDateTime(secondsSinceEpoch: Fixture.startTime)))
    }

    @Test("ping is open to any group, even one without write access")
    func pingAccess() async throws {
        #expect(await result("ping", [], in: try Fixture.context(group: "ctao_user"))?.isOK == true)
        #expect(await result("ping", [], in: Fixture.context(try Fixture.caller(extraCredentials: .hosts)))?.isOK == true)
    }

    @Test("echo returns its argument unchanged")
    func echo() async throws {
        let data: DIRACValue = ["a": [1, 2.5, nil], "t": .datetime(DIRACDateTime(secondsSinceEpoch: 0))]
        #expect(await result("echo", [data], in: try Fixture.context())?.value == data)
    }

    @Test("echo without argument, or with two, is EINVAL")
    func echoArguments() async throws {
        let none = await result("echo", [], in: try Fixture.context())
        #expect(none?.failure == .invalidArgument("echo: missing argument 1 (data)"))
        let two = await result("echo", [1, 2], in: try Fixture.context())
        #expect(two?.failure == .invalidArgument("echo takes at most 1 argument(s), 2 given"))
    }

    @Test("whoami of a proxy user: DIRAC's credDict keys")
    func whoamiUser() async throws {
        let answer = try #require(await result("whoami", [], in: try Fixture.context(group: "ctao_production")))
        let dict = try #require(answer.value?.dictValue)
        #expect(Array(dict.keys) == [
            "DN", "group", "identity", "subject", "issuer", "isProxy", "isLimitedProxy", "secondsLeft", "properties",
            "validDN", "validGroup", "username",
        ])
        #expect(dict["DN"] == .string(Fixture.userDN))
        #expect(dict["group"] == "ctao_production")
        #expect(dict["identity"] == .string(Fixture.userDN))
        #expect(dict["subject"] == .string(Fixture.userDN + "/CN=54291754391873985"))
        #expect(dict["issuer"] == .string(Fixture.userDN))
        #expect(dict["isProxy"] == true)
        #expect(dict["isLimitedProxy"] == false)
        #expect((dict["secondsLeft"]?.intValue ?? 0) > 0)
        #expect(dict["properties"] == [])
        #expect(dict["validDN"] == true)
        #expect(dict["username"] == "testuser")
    }

    @Test("whoami of a host: hostname, TrustedHost, extraCredentials hosts")
    func whoamiHost() async throws {
        let dict = try #require(await result("whoami", [], in: Fixture.context(try Fixture.caller(extraCredentials: .hosts)))?.value)
        #expect(dict["group"] == "hosts")
        #expect(dict["hostname"] == "localhost")
        #expect(dict["username"] == nil)
        #expect(dict["properties"] == ["TrustedHost"])
        #expect(dict["extraCredentials"] == "hosts")
        #expect(dict["isProxy"] == false)
    }

    @Test("whoami of a delegated call: the user's DN and group, the host as identity")
    func whoamiDelegated() async throws {
        let caller = try Fixture.caller(extraCredentials: .delegated(dn: Fixture.userDN, group: "ctao_user"))
        let dict = try #require(await result("whoami", [], in: Fixture.context(caller))?.value)
        #expect(dict["DN"] == .string(Fixture.userDN))
        #expect(dict["group"] == "ctao_user")
        #expect(dict["identity"] == .string(Fixture.hostDN))
        #expect(dict["extraCredentials"] == [.string(Fixture.userDN), "ctao_user"])
        #expect(dict["delegatedBy"] == .string(Fixture.hostDN))
        #expect(dict["username"] == "testuser")
    }

    @Test("whoami's dictionary for an unregistered DN: DIRAC's visitor, not a valid DN, username anonymous")
    func whoamiUnlisted() throws {
        let peer = AuthenticatedPeer(
            dn: "/C=ch/CN=stranger", subject: "/C=ch/CN=stranger", issuer: "/C=ch/CN=CA", groupInCertificate: "ctao_user",
            isProxy: false, isLimitedProxy: false, notAfter: 100, method: .tls)
        let caller = try Fixture.resolver.resolve(peer: peer, extraCredentials: nil)
        let dict = caller.credentialDictionary(now: 1_000)
        #expect(dict["validDN"] == false)
        #expect(dict["validGroup"] == false)
        #expect(dict["group"] == "visitor")
        #expect(dict["username"] == "anonymous")
        #expect(dict["secondsLeft"] == 0)  // expired chains never report negative time
        #expect(caller.credentialDictionary(now: 40)["secondsLeft"] == 60)
    }

    @Test("whoami takes no arguments")
    func whoamiArguments() async throws {
        #expect(await result("whoami", [1], in: try Fixture.context())?.failure?.errno == DErrno.EINVAL)
    }
}
