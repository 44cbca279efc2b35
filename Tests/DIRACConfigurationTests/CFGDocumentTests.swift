import DIRACConfiguration
import Testing

@Suite("CFGSection: DIRAC's CFG format as diraccfg reads it")
struct CFGDocumentTests {
    @Test("sections nest, options keep the text after the first '=', lists split on commas")
    func sectionsAndOptions() throws {
        let cfg = try CFGSection(parsing: """
            # a comment
            Registry
            {
              DefaultGroup = ctao_user, user
              Users
              {
                alice
                {
                  DN = /C=ch/O=CTAO/CN=Alice , /C=ch/O=CTAO/CN=Alice Two
                  Note = a=b
                }
              }
            }
            """)
        let alice = try #require(cfg.section(atPath: "Registry/Users/alice"))
        #expect(alice.list("DN") == ["/C=ch/O=CTAO/CN=Alice", "/C=ch/O=CTAO/CN=Alice Two"])
        #expect(alice.value("Note") == "a=b")
        #expect(cfg.section("Registry")?.list("DefaultGroup") == ["ctao_user", "user"])
    }

    @Test("'+=' appends ', value' to an option already set; a section may open on the same line")
    func appendAndSameLineBrace() throws {
        let cfg = try CFGSection(parsing: "Groups {\n g {\n Users = a\n Users += b\n }\n}\n")
        #expect(cfg.section(atPath: "Groups/g")?.value("Users") == "a, b")
        #expect(cfg.section(atPath: "Groups/g")?.list("Users") == ["a", "b"])
    }

    @Test("setting an option again replaces its value")
    func optionReplaced() throws {
        let cfg = try CFGSection(parsing: "A = 1\nA = 2\n")
        #expect(cfg.value("A") == "2")
        #expect(cfg.options.count == 1)
    }

    @Test("refused as diraccfg refuses them: unbalanced braces, a section twice, += before =")
    func syntaxErrors() {
        #expect(throws: CFGSyntaxError.self) { try CFGSection(parsing: "A {\n") }
        #expect(throws: CFGSyntaxError.self) { try CFGSection(parsing: "}\n") }
        #expect(throws: CFGSyntaxError.self) { try CFGSection(parsing: "A {\n}\nA {\n}\n") }
        #expect(throws: CFGSyntaxError.self) { try CFGSection(parsing: "X += 1\n") }
    }
}
