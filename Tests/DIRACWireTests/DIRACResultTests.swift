import DIRACWire
import GatewayJSON
import Testing

@Suite("S_ERROR messages and errno")
struct DIRACErrorTests {
    @Test("errno 2: \"No such file or directory ( 2 : …)\"")
    func enoent() {
        let error = DIRACError(errno: DErrno.ENOENT, "/ctao/a does not exist")
        #expect(error.message == "No such file or directory ( 2 : /ctao/a does not exist)")
        #expect(error.description == error.message)
        #expect(error.reason == "/ctao/a does not exist")
    }

    @Test("errno 13: \"Permission denied ( 13 : …)\"")
    func eacces() {
        #expect(DIRACError(errno: DErrno.EACCES, "No access to https://gw/DataManagement/FileCatalog").message
            == "Permission denied ( 13 : No access to https://gw/DataManagement/FileCatalog)")
    }

    @Test("errno 22 through invalidArgument: \"Invalid argument ( 22 : …)\"")
    func einval() {
        let error = DIRACError.invalidArgument("Utils.checkArgumentFormat: Supplied path is not of the correct format.")
        #expect(error.errno == 22)
        #expect(error.message == "Invalid argument ( 22 : Utils.checkArgumentFormat: Supplied path is not of the correct format.)")
    }

    @Test("errno 38: \"Function not implemented ( 38 : …)\"")
    func enosys() {
        #expect(DIRACError(errno: DErrno.ENOSYS, "isFile is not implemented").message
            == "Function not implemented ( 38 : isFile is not implemented)")
    }

    @Test("errno 1604 uses DIRAC's own text: \"FileCatalog error ( 1604 : …)\"")
    func efcerr() {
        #expect(DIRACError(errno: DErrno.EFCERR, "Failed to perform isFile from any catalog").message
            == "FileCatalog error ( 1604 : Failed to perform isFile from any catalog)")
    }

    @Test("errno 0: the message as given, no formatting")
    func noErrno() {
        #expect(DIRACError("RSE not found").message == "RSE not found")
        #expect(DIRACError("RSE not found").errno == 0)
        #expect(DIRACError(errno: 0, "plain").message == "plain")
    }

    @Test("strerror: POSIX texts as os.strerror, DIRAC's own codes, unknown codes")
    func strerror() {
        #expect(DErrno.strerror(2) == "No such file or directory")
        #expect(DErrno.strerror(13) == "Permission denied")
        #expect(DErrno.strerror(17) == "File exists")
        #expect(DErrno.strerror(22) == "Invalid argument")
        #expect(DErrno.strerror(38) == "Function not implemented")
        #expect(DErrno.strerror(110) == "Connection timed out")
        #expect(DErrno.strerror(1604) == "FileCatalog error")
        #expect(DErrno.strerror(5000) == "Unknown error 5000")
        #expect(DErrno.strerror(-1) == "Unknown error -1")
    }

    @Test("the errno constants are DIRAC's")
    func constants() {
        #expect([DErrno.ENOENT, DErrno.EACCES, DErrno.EEXIST, DErrno.EINVAL, DErrno.ENOSYS, DErrno.ETIMEDOUT, DErrno.EFCERR]
            == [2, 13, 17, 22, 38, 110, 1604])
    }
}

@Suite("S_OK / S_ERROR on the wire")
struct DIRACResultTests {
    func wireJSON(_ result: DIRACResult) throws -> JSON {
        try JSON(parsing: result.jencodedBody())
    }

    @Test("S_OK(value) is {\"OK\": true, \"Value\": value}")
    func ok() throws {
        let result = DIRACResult.ok(["Successful": ["/ctao/a": true], "Failed": [:]])
        #expect(result.isOK)
        #expect(result.value == ["Successful": ["/ctao/a": true], "Failed": [:]])
        #expect(String(decoding: result.jencodedBody(), as: UTF8.self)
            == #"{"OK":true,"Value":{"Successful":{"/ctao/a":true},"Failed":{}}}"#)
    }

    @Test("S_OK() carries Value null")
    func okNone() throws {
        #expect(String(decoding: DIRACResult.ok().jencodedBody(), as: UTF8.self) == #"{"OK":true,"Value":null}"#)
    }

    @Test("S_ERROR with errno is {\"OK\": false, \"Message\": formatted, \"Errno\": n} and no Value")
    func errorWithErrno() throws {
        let json = try wireJSON(.error(errno: 2, "DataIdentifierNotFound"))
        #expect(json["OK"] == false)
        #expect(json["Message"] == "No such file or directory ( 2 : DataIdentifierNotFound)")
        #expect(json["Errno"] == 2)
        #expect(json["Value"] == nil)
        #expect(json["CallStack"] == nil)
        #expect(json["ExecInfo"] == nil)
        #expect(json.objectValue?.count == 3)
    }

    @Test("S_ERROR without errno: the captured {\"OK\": false, \"Message\": \"RSE not found\", \"Errno\": 0}")
    func errorWithoutErrno() throws {
        let result = DIRACResult.error("RSE not found")
        #expect(!result.isOK)
        #expect(result.value == nil)
        #expect(try wireJSON(result) == ["OK": false, "Message": "RSE not found", "Errno": 0])
    }

    @Test("S_ERROR from a DIRACError keeps its errno")
    func errorFromDIRACError() throws {
        let json = try wireJSON(.error(DIRACError(errno: DErrno.EFCERR, "Failed to perform isFile from any catalog")))
        #expect(json["Errno"] == 1604)
        #expect(json["Message"] == "FileCatalog error ( 1604 : Failed to perform isFile from any catalog)")
    }

    @Test("extra top-level keys pass through beside Value, in order")
    func extraKeys() throws {
        let result = DIRACResult(.ok(["/ctao": ["obs_id": 1]]), extraKeys: ["MetadataOwner": ["obs_id": "/ctao"], "QueryTime": 0.25])
        let json = try wireJSON(result)
        #expect(json.objectValue.map { Array($0.keys) } == ["OK", "Value", "MetadataOwner", "QueryTime"])
        #expect(json["MetadataOwner"] == ["obs_id": "/ctao"])
        #expect(json["QueryTime"] == .double(0.25))
    }

    @Test("extra keys never overwrite OK, Value, Message or Errno")
    func extraKeysCannotOverride() throws {
        let ok = DIRACResult(.ok(1), extraKeys: ["OK": false, "Value": 2, "Extra": "x"])
        #expect(try wireJSON(ok) == ["OK": true, "Value": 1, "Extra": "x"])
        let failed = DIRACResult(.error(DIRACError("boom")), extraKeys: ["Message": "other", "Errno": 5, "OK": true])
        #expect(try wireJSON(failed) == ["OK": false, "Message": "boom", "Errno": 0])
    }

    @Test("datetimes inside a result are JEncoded")
    func datetimeInResult() {
        let result = DIRACResult.ok(["time": .datetime(DIRACDateTime(secondsSinceEpoch: 1_795_304_751))])
        #expect(String(decoding: result.jencodedBody(), as: UTF8.self)
            == #"{"OK":true,"Value":{"time":{"__dCls":"dt","obj":"2026-11-21 23:45:51"}}}"#)
    }
}

@Suite("BulkResult")
struct BulkResultTests {
    @Test("an empty bulk answer still carries both Successful and Failed")
    func emptyHasBothKeys() {
        #expect(BulkResult().value == ["Successful": [:], "Failed": [:]])
        #expect(BulkResult().result.isOK)
    }

    @Test("successes and failures keyed by the caller's spellings")
    func callerSpellings() throws {
        let argument = try LFNArgument(["/ctao/a/", "lfn:/ctao/a", "/ctao/b"])
        var result = BulkResult()
        for entry in argument.entries.values {
            if entry.lfn == "/ctao/a" {
                result.succeed(entry, .string(entry.lfn))
            } else {
                result.fail(entry, "No such file or directory")
            }
        }
        #expect(result.value == [
            "Successful": ["/ctao/a/": "/ctao/a", "lfn:/ctao/a": "/ctao/a"],
            "Failed": ["/ctao/b": "No such file or directory"],
        ])
    }

    @Test("a later outcome for the same key replaces the earlier one on the other side")
    func laterOutcomeWins() {
        var result = BulkResult()
        result.fail(key: "GUID-1", "GUID does not exist")
        result.succeed(key: "GUID-1", "/ctao/a")
        result.succeed(key: "GUID-2", "/ctao/b")
        result.fail(key: "GUID-2", "GUID does not exist")
        #expect(result.successful == ["GUID-1": "/ctao/a"])
        #expect(result.failed == ["GUID-2": "GUID does not exist"])
    }
}
