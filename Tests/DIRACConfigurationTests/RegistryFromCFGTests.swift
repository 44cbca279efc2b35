import DIRACAuth
import DIRACConfiguration
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import DIRACConfiguration

/// A Registry section as DIRAC's Configuration Service serves it (one entry per line, `+=`, comments).
let registryCFG = """
    DIRAC
    {
      Setup = CTAO-Production
    }
    Registry
    {
      DefaultGroup = ctao_user
      Users
      {
        alice
        {
          DN = /C=ch/O=CTAO/CN=Alice
          DN += /C=ch/O=CTAO/CN=Alice (robot)
          DefaultGroup = ctao_production
          Suspended = other_vo
        }
        bob
        {
          DN = /C=ch/O=CTAO/CN=Bob
        }
      }
      Groups
      {
        ctao_user
        {
          Users = alice, bob
          VOName = ctao
        }
        ctao_production
        {
          Users = alice
          Properties = ProductionManagement, FileCatalogManagement
          VOName = ctao
        }
      }
      Hosts
      {
        dirac.example.org
        {
          DN = /C=ch/O=CTAO/CN=dirac.example.org
          Properties = TrustedHost, CSAdministrator
        }
      }
    }
    """

@Suite("DIRACRegistry from DIRAC's CFG: the options DIRAC's Registry helpers read")
struct RegistryFromCFGTests {
    @Test("users with several DNs, DefaultGroup and Suspended; groups with members, properties and VO; hosts")
    func registrySection() throws {
        let registry = try DIRACRegistry(cfgText: registryCFG)
        #expect(registry.defaultGroups == ["ctao_user"])
        let alice = try #require(registry.user(forDN: "/C=ch/O=CTAO/CN=Alice (robot)"))
        #expect(alice.name == "alice")
        #expect(alice.defaultGroups == ["ctao_production"])
        #expect(alice.suspendedVOs == ["other_vo"])
        #expect(registry.defaultGroup(ofUser: alice) == "ctao_production")
        #expect(registry.groupNames(ofUser: "bob") == ["ctao_user"])
        #expect(registry.group(named: "ctao_production")?.properties == ["ProductionManagement", "FileCatalogManagement"])
        #expect(registry.group(named: "ctao_user")?.vo == "ctao")
        #expect(registry.host(forDN: "/C=ch/O=CTAO/CN=dirac.example.org")?.properties.contains("TrustedHost") == true)
    }

    @Test("no /Registry/DefaultGroup: DIRAC's default 'user'")
    func defaultDefaultGroup() throws {
        #expect(try DIRACRegistry(cfgText: "Registry\n{\n}\n").defaultGroups == ["user"])
    }

    @Test("a document without a Registry section is refused: an empty Registry would lock everybody out")
    func noRegistry() {
        #expect(throws: CFGSyntaxError.self) { try DIRACRegistry(cfgText: "DIRAC\n{\n}\n") }
    }

    @Test("the configuration file's entries are laid over the source's: same-name users replaced, groups merged")
    func overlay() throws {
        let source = try DIRACRegistry(cfgText: registryCFG)
        let local = DIRACRegistry(
            users: [.init(name: "bob", dns: ["/C=ch/O=CTAO/CN=Bob New"]), .init(name: "gateway-ops", dns: ["/C=ch/CN=ops"])],
            groups: [.init(name: "ctao_production", users: ["gateway-ops"])])
        let merged = source.overlaid(with: local, localSetsDefaultGroups: false)
        #expect(merged.user(forDN: "/C=ch/O=CTAO/CN=Bob") == nil)
        #expect(merged.user(forDN: "/C=ch/O=CTAO/CN=Bob New")?.name == "bob")
        #expect(merged.group(named: "ctao_production")?.users == ["alice", "gateway-ops"])
        #expect(merged.group(named: "ctao_production")?.properties == ["ProductionManagement", "FileCatalogManagement"])
        #expect(merged.defaultGroups == ["ctao_user"])
    }

    @Test("the Configuration Service's data field (base64 of zlib-compressed CFG) decodes; damaged data is an error")
    func compressedData() throws {
        var text = ByteBuffer(string: registryCFG)
        let compressed = try text.compress(with: .zlib())
        let base64 = Data(compressed.readableBytesView).base64EncodedString()
        #expect(try ConfigurationServiceSource.decompress(base64, url: "u") == registryCFG)
        #expect(throws: RegistrySourceError.self) { try ConfigurationServiceSource.decompress("not base64!", url: "u") }
        #expect(throws: RegistrySourceError.self) { try ConfigurationServiceSource.decompress("aGVsbG8=", url: "u") }
    }

    @Test("a CFG file is read, then not again until it changes; a broken one is an error")
    func cfgFile() async throws {
        let path = "/tmp/registry-test-\(getpid())-\(Int.random(in: 0..<1_000_000)).cfg"
        defer { unlink(path) }
        func write(_ text: String) {
            let file = fopen(path, "w")
            fputs(text, file)
            fclose(file)
        }
        write(registryCFG)
        let source = CFGFileSource(path: path)
        let first = try #require(try await source.fetch(newerThan: nil))
        #expect(first.registry.users.count == 2)
        #expect(try await source.fetch(newerThan: first.version) == nil)
        write("Registry\n{\n  Users\n  {\n")
        await #expect(throws: RegistrySourceError.self) { _ = try await source.fetch(newerThan: first.version) }
    }
}
