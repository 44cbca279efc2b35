import DIRACWire
import Testing

/// Raw bodies the DIRAC 9.1.22 client posted (captures of `dirac-client/captures`).
enum CapturedBodies {
    static let isFile =
        "method=isFile&args=%5B%7B%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile1.dat%22%3A+true%2C+%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile2.dat%22%3A+true%7D%5D&clientVO=ctao&clientSetup=None"
    static let getReplicas =
        "method=getReplicas&args=%5B%5B%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile1.dat%22%2C+%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile2.dat%22%5D%2C+false%5D&clientVO=ctao&clientSetup=None"
    static let addFile =
        "method=addFile&args=%5B%7B%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Fnew.dat%22%3A+%7B%22PFN%22%3A+%22root%3A%2F%2F127.0.0.1%2F%2Fstore%2Fctao%2Fprod%2Fdl0%2Frun001%2Fnew.dat%22%2C+%22Size%22%3A+2048%2C+%22SE%22%3A+%22DISK-SE%22%2C+%22GUID%22%3A+%226A0C5CF1-5E2B-4C0A-9E43-0D5A1F3E2B11%22%2C+%22Checksum%22%3A+%221a2b3c4d%22%7D%7D%5D&clientVO=ctao&clientSetup=None"
    static let hostCert =
        "method=isFile&args=%5B%7B%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile1.dat%22%3A+true%7D%5D&extraCredentials=%22hosts%22&clientVO=ctao&clientSetup=None"
    static let delegated =
        "method=isFile&args=%5B%7B%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile1.dat%22%3A+true%7D%5D&extraCredentials=%5B%22%2FC%3Dch%2FO%3DCTAO%2FOU%3DDPPS+Test%2FCN%3Dtestuser%22%2C+%22ctao_user%22%5D&clientVO=ctao&clientSetup=None"
    static let ping = "method=ping&args=%5B%5D&clientVO=ctao&clientSetup=None"
    static let plainString =
        "method=isFile&args=%5B%22%2Fctao%2Fprod%2Fdl0%2Frun001%2Ffile1.dat%22%5D&clientVO=ctao&clientSetup=None"
    static let findFilesByMetadata =
        "method=findFilesByMetadata&args=%5B%7B%22obs_id%22%3A+%7B%22%3E%22%3A+1000%7D%2C+%22data_level%22%3A+%7B%22in%22%3A+%5B%22DL0%22%2C+%22DL1%22%5D%7D%7D%2C+%22%2Fctao%2Fprod%22%5D&clientVO=ctao&clientSetup=None"
    static let setMetadata =
        "method=setMetadata&args=%5B%22%2Fctao%2Fprod%2Fdl0%2Frun001%22%2C+%7B%22obs_id%22%3A+1234%2C+%22data_level%22%3A+%22DL0%22%7D%5D&clientVO=ctao&clientSetup=None"
}

func request(_ body: String, query: String? = nil) throws(RPCRequestError) -> RPCRequest {
    try RPCRequest(formBody: Array(body.utf8), query: query)
}

@Suite("Form decoding of the Tornado RPC")
struct FormDecodingTests {
    @Test("the captured isFile body: method, args dict, clientVO, clientSetup")
    func capturedIsFile() throws {
        let rpc = try request(CapturedBodies.isFile)
        #expect(rpc.method == "isFile")
        #expect(rpc.arguments == [["/ctao/prod/dl0/run001/file1.dat": true, "/ctao/prod/dl0/run001/file2.dat": true]])
        #expect(rpc.arguments.first?.dictValue.map { Array($0.keys) } == ["/ctao/prod/dl0/run001/file1.dat", "/ctao/prod/dl0/run001/file2.dat"])
        #expect(rpc.clientVO == "ctao")
        #expect(rpc.clientSetup == "None")
        #expect(rpc.extraCredentials == nil)
        #expect(rpc.rawContent == false)
    }

    @Test("the captured form fields decode to exactly what the client put in them")
    func capturedFields() {
        let fields = FormURLEncoding.decode(Array(CapturedBodies.isFile.utf8))
        #expect(fields.map(\.name) == ["method", "args", "clientVO", "clientSetup"])
        #expect(fields[1].value == #"[{"/ctao/prod/dl0/run001/file1.dat": true, "/ctao/prod/dl0/run001/file2.dat": true}]"#)
    }

    @Test("the captured getReplicas body: a list of LFNs and allStatus")
    func capturedGetReplicas() throws {
        let rpc = try request(CapturedBodies.getReplicas)
        #expect(rpc.method == "getReplicas")
        #expect(rpc.arguments == [["/ctao/prod/dl0/run001/file1.dat", "/ctao/prod/dl0/run001/file2.dat"], false])
    }

    @Test("the captured addFile body, with // inside the PFN")
    func capturedAddFile() throws {
        let rpc = try request(CapturedBodies.addFile)
        #expect(rpc.method == "addFile")
        let info = try #require(rpc.arguments.first?["/ctao/prod/dl0/run001/new.dat"])
        #expect(info == [
            "PFN": "root://127.0.0.1//store/ctao/prod/dl0/run001/new.dat", "Size": 2048, "SE": "DISK-SE",
            "GUID": "6A0C5CF1-5E2B-4C0A-9E43-0D5A1F3E2B11", "Checksum": "1a2b3c4d",
        ])
    }

    @Test("the other captured bodies: ping, plain string, metadata query, setMetadata")
    func otherCapturedBodies() throws {
        #expect(try request(CapturedBodies.ping) == RPCRequest(method: "ping", arguments: [], clientVO: "ctao", clientSetup: "None"))
        #expect(try request(CapturedBodies.plainString).arguments == ["/ctao/prod/dl0/run001/file1.dat"])
        #expect(try request(CapturedBodies.findFilesByMetadata).arguments
            == [["obs_id": [">": 1000], "data_level": ["in": ["DL0", "DL1"]]], "/ctao/prod"])
        #expect(try request(CapturedBodies.setMetadata).arguments == ["/ctao/prod/dl0/run001", ["obs_id": 1234, "data_level": "DL0"]])
    }

    @Test("extraCredentials \"hosts\" from the captured host-certificate body")
    func capturedHosts() throws {
        #expect(try request(CapturedBodies.hostCert).extraCredentials == .hosts)
    }

    @Test("delegated extraCredentials [DN, group] from the captured body, with + as the space in the DN")
    func capturedDelegated() throws {
        let rpc = try request(CapturedBodies.delegated)
        #expect(rpc.extraCredentials == .delegated(dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", group: "ctao_user"))
        #expect(rpc.arguments == [["/ctao/prod/dl0/run001/file1.dat": true]])
    }

    @Test("the method name is stripped of surrounding whitespace, as Tornado's get_argument does")
    func methodIsStripped() throws {
        let request = try RPCRequest(formBody: Array("method=+isFile%20&args=%5B%5D".utf8))
        #expect(request.method == "isFile")
    }

    @Test("+ is a space and %2B a plus")
    func plusIsSpace() throws {
        let fields = FormURLEncoding.decode(Array("a=x+y%2Bz&b+c=%20".utf8))
        #expect(fields.map(\.name) == ["a", "b c"])
        #expect(fields.map(\.value) == ["x y+z", " "])
        let rpc = try request("method=echo&args=%5B%22a+b%2Bc%22%5D")
        #expect(rpc.arguments == ["a b+c"])
    }

    @Test("malformed escapes are kept literally, as Python's unquote_plus does")
    func malformedEscapes() {
        // unquote_plus("a+b%2Bc%zz%4%") == "a b+c%zz%4%"
        #expect(FormURLEncoding.decode(Array("v=a+b%2Bc%zz%4%".utf8)).first?.value == "a b+c%zz%4%")
    }

    @Test("UTF-8 percent escapes decode to text")
    func utf8Escapes() {
        #expect(FormURLEncoding.decode(Array("v=%2Fctao%2F%C3%BC%E2%82%AC".utf8)).first?.value == "/ctao/ü€")
    }

    @Test("blank values, names without '=' and empty pairs, as parse_qsl(keep_blank_values=True)")
    func blankValues() {
        // parse_qsl("a=1&b&c=&a=2&&d=%41", keep_blank_values=True)
        let fields = FormURLEncoding.decode(Array("a=1&b&c=&a=2&&d=%41".utf8))
        #expect(fields.map(\.name) == ["a", "b", "c", "a", "d"])
        #expect(fields.map(\.value) == ["1", "", "", "2", "A"])
        #expect(FormURLEncoding.decode(Array("".utf8)).isEmpty)
    }

    @Test("repeated fields: the last one wins, as Tornado's get_argument")
    func repeatedFieldsLastWins() throws {
        let rpc = try request("method=ping&args=%5B1%5D&method=echo&args=%5B2%5D&clientVO=a&clientVO=b")
        #expect(rpc.method == "echo")
        #expect(rpc.arguments == [2])
        #expect(rpc.clientVO == "b")
    }

    @Test("method may come from the query string; the body wins over it")
    func methodFromQuery() throws {
        #expect(try request("args=%5B%5D", query: "method=ping").method == "ping")
        #expect(try request("method=whoami&args=%5B%5D", query: "method=ping").method == "whoami")
        // args are only read from the body.
        #expect(try request("method=echo", query: "args=%5B1%5D").arguments == [])
    }

    @Test("a missing method is RPCRequestError.missingMethod: \"Missing argument method\"")
    func missingMethod() {
        #expect(throws: RPCRequestError.missingMethod) { try request("args=%5B%5D&clientVO=ctao") }
        #expect(throws: RPCRequestError.missingMethod) { try request("") }
        #expect(throws: RPCRequestError.missingMethod) { try request("method=&args=%5B%5D") }
        #expect(RPCRequestError.missingMethod.description == "Missing argument method")
    }

    @Test("a method that is not a Python identifier is refused")
    func invalidMethodName() {
        #expect(throws: RPCRequestError.invalidMethodName("is File")) { try request("method=is+File") }
        #expect(throws: RPCRequestError.invalidMethodName("../x")) { try request("method=..%2Fx") }
        #expect(RPCRequestError.invalidMethodName("a-b").description == "Invalid method name 'a-b'")
    }

    @Test("missing args means no arguments, as DIRAC's default \"[]\"")
    func missingArgs() throws {
        #expect(try request("method=ping").arguments.isEmpty)
    }

    @Test("args that are not JSON are undecodableArguments")
    func undecodableArgs() {
        do {
            _ = try request("method=isFile&args=%5B%7B%22%2Fctao%22%3A+tru")
            Issue.record("accepted broken args")
        } catch {
            guard case .undecodableArguments(let detail) = error else {
                Issue.record("expected undecodableArguments, got \(error)")
                return
            }
            #expect(detail.contains("not valid JSON"))
            #expect(error.description.hasPrefix("Cannot decode args: "))
        }
    }

    @Test("args with a foreign __dCls are undecodableArguments naming the class")
    func argsWithForeignClass() {
        do {
            _ = try request("method=echo&args=%5B%7B%22__dCls%22%3A+%22SomeClass%22%2C+%22__dMod%22%3A+%22os%22%7D%5D")
            Issue.record("accepted a foreign class")
        } catch {
            guard case .undecodableArguments(let detail) = error else {
                Issue.record("expected undecodableArguments, got \(error)")
                return
            }
            #expect(detail.contains("SomeClass"))
        }
    }

    @Test("args that are JSON but not a list are refused", arguments: ["%7B%7D", "%22%2Fctao%22", "1", "null"])
    func argsNotAList(encodedArgs: String) {
        do {
            _ = try request("method=isFile&args=" + encodedArgs)
            Issue.record("accepted non-list args")
        } catch {
            guard case .undecodableArguments(let detail) = error else {
                Issue.record("expected undecodableArguments, got \(error)")
                return
            }
            #expect(detail.contains("args must be a JSON array"))
        }
    }

    @Test("rawContent=True as the client sends it for streaming")
    func rawContent() throws {
        #expect(try request("method=streamToClient&args=%5B%5D&rawContent=True").rawContent)
        #expect(try request("method=streamToClient&args=%5B%5D&rawContent=False").rawContent == false)
    }
}

@Suite("extraCredentials")
struct ExtraCredentialsTests {
    @Test("\"hosts\" and [DN, group]")
    func validForms() throws {
        #expect(try ExtraCredentials(jencoded: #""hosts""#) == .hosts)
        #expect(try ExtraCredentials(jencoded: #"["/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", "ctao_user"]"#)
            == .delegated(dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", group: "ctao_user"))
    }

    @Test("falsy values are no extra credentials at all, as DIRAC ignores them")
    func falsyValues() throws {
        #expect(try ExtraCredentials(jencoded: #""""#) == nil)
        #expect(try ExtraCredentials(jencoded: "[]") == nil)
        #expect(try ExtraCredentials(jencoded: "null") == nil)
    }

    @Test("an empty form field is no extra credentials (DIRAC tests the raw field for truth)")
    func emptyField() throws {
        #expect(try ExtraCredentials(jencoded: "") == nil)
        #expect(try request("method=ping&extraCredentials=").extraCredentials == nil)
    }

    @Test("malformed extraCredentials are refused", arguments: [
        #""host""#, #"["/C=ch/CN=u"]"#, #"["/C=ch/CN=u", "g", "x"]"#, #"["", "ctao_user"]"#, #"["/C=ch/CN=u", ""]"#, #"["/C=ch/CN=u", 3]"#,
        #"{"DN": "/C=ch/CN=u"}"#, "[hosts]", "42",
    ])
    func malformed(text: String) {
        do {
            _ = try ExtraCredentials(jencoded: text)
            Issue.record("accepted \(text)")
        } catch {
            guard case .malformedExtraCredentials = error else {
                Issue.record("expected malformedExtraCredentials, got \(error)")
                return
            }
            #expect(error.description.hasPrefix("Invalid extraCredentials: "))
        }
    }

    @Test("malformed extraCredentials in a request body are refused")
    func malformedInRequest() {
        #expect(throws: RPCRequestError.self) { try request("method=isFile&args=%5B%5D&extraCredentials=%22root%22") }
    }

    @Test("the JEncoded field as the client writes it")
    func encoding() throws {
        #expect(ExtraCredentials.hosts.jencoded == #""hosts""#)
        let delegated = ExtraCredentials.delegated(dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", group: "ctao_user")
        #expect(try ExtraCredentials(jencoded: delegated.jencoded) == delegated)
    }
}

@Suite("Form encoding, as Python's urlencode")
struct FormEncodingTests {
    @Test("quote_plus: unreserved kept, space as +, everything else %XX in upper case")
    func quotePlus() {
        // urllib.parse.quote_plus("a b+c&d=e/f~g*h'(i)!ü€")
        #expect(FormURLEncoding.escape("a b+c&d=e/f~g*h'(i)!ü€") == "a+b%2Bc%26d%3De%2Ff~g%2Ah%27%28i%29%21%C3%BC%E2%82%AC")
        #expect(FormURLEncoding.escape("-_.~AZaz09") == "-_.~AZaz09")
        #expect(FormURLEncoding.escape("") == "")
    }

    @Test("the captured form fields encode to the captured bodies byte for byte")
    func capturedBodies() {
        let isFile: [(name: String, value: String)] = [
            ("method", "isFile"),
            ("args", #"[{"/ctao/prod/dl0/run001/file1.dat": true, "/ctao/prod/dl0/run001/file2.dat": true}]"#),
            ("clientVO", "ctao"), ("clientSetup", "None"),
        ]
        #expect(FormURLEncoding.encode(isFile) == CapturedBodies.isFile)
        let delegated: [(name: String, value: String)] = [
            ("method", "isFile"), ("args", #"[{"/ctao/prod/dl0/run001/file1.dat": true}]"#),
            ("extraCredentials", #"["/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", "ctao_user"]"#),
            ("clientVO", "ctao"), ("clientSetup", "None"),
        ]
        #expect(FormURLEncoding.encode(delegated) == CapturedBodies.delegated)
        let hosts: [(name: String, value: String)] = [
            ("method", "isFile"), ("args", #"[{"/ctao/prod/dl0/run001/file1.dat": true}]"#),
            ("extraCredentials", #""hosts""#), ("clientVO", "ctao"), ("clientSetup", "None"),
        ]
        #expect(FormURLEncoding.encode(hosts) == CapturedBodies.hostCert)
    }

    @Test("formBody() is urlencode of method, compact args, clientVO, clientSetup")
    func formBody() throws {
        // urlencode({"method": "getReplicas", "args": json.dumps([["/ctao/a b.dat", "/ctao/ü"], True],
        //            separators=(",", ":"), ensure_ascii=False), "clientVO": "ctao", "clientSetup": "None"})
        let rpc = RPCRequest(method: "getReplicas", arguments: [["/ctao/a b.dat", "/ctao/ü"], true], clientVO: "ctao", clientSetup: "None")
        let body = rpc.formBody()
        #expect(body == "method=getReplicas&args=%5B%5B%22%2Fctao%2Fa+b.dat%22%2C%22%2Fctao%2F%C3%BC%22%5D%2Ctrue%5D&clientVO=ctao&clientSetup=None")
        #expect(try request(body) == rpc)
    }

    @Test("formBody() with delegation and rawContent, defaults for clientVO and clientSetup")
    func formBodyWithOptions() throws {
        let rpc = RPCRequest(
            method: "ping", arguments: [],
            extraCredentials: .delegated(dn: "/C=ch/O=CTAO/OU=DPPS Test/CN=testuser", group: "ctao_user"), rawContent: true)
        #expect(rpc.formBody()
            == "method=ping&args=%5B%5D&extraCredentials=%5B%22%2FC%3Dch%2FO%3DCTAO%2FOU%3DDPPS+Test%2FCN%3Dtestuser%22%2C%22ctao_user%22%5D&rawContent=True&clientVO=unknown&clientSetup=None")
        let back = try request(rpc.formBody())
        #expect(back.extraCredentials == rpc.extraCredentials)
        #expect(back.rawContent)
        #expect(back.clientVO == "unknown")
    }

    @Test("decode(encode(fields)) gives the fields back, whatever they hold")
    func roundTrip() {
        let fields: [(name: String, value: String)] = [("a b", "x=y&z"), ("ü", "%41+"), ("e", "")]
        let back = FormURLEncoding.decode(Array(FormURLEncoding.encode(fields).utf8))
        #expect(back.map(\.name) == fields.map(\.name))
        #expect(back.map(\.value) == fields.map(\.value))
    }
}
