import DIRACAuth
import DIRACWire
import FileCatalog
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// One DIRAC RPC route (`POST /<System>/<Component>`), following DIRAC's Tornado server step by step
/// (`BaseRequestHandler.__prepare` / `__executeMethod`):
/// 1. decode the form (`method` missing → 400), 2. find the method (unknown → 501, before authentication, as
/// Tornado does), 3. establish the caller (TLS identity or trusted front, `extraCredentials`; failure → 401),
/// 4. check the method's access rule (→ 401), 5. run it and answer 200 with the JEncoded S_OK/S_ERROR.
struct RPCEndpoint: Sendable {
    let registry: MethodRegistry
    let resolver: CallerResolver
    let trustedFront: TrustedFrontAuthenticator?
    let service: ServiceInfo
    let maxRequestBytes: Int
    let maxDecompressedBytes: Int
    let lfnLimits: LFNArgument.Limits
    /// Where large calls are decoded and encoded (`server.heavyCallThreads`).
    let heavyWork: NIOThreadPool
    let compressAbove: Int
    let metrics: RPCMetrics
    let logger: Logger

    func respond(to request: Request, context: GatewayRequestContext) async -> Response {
        let started = Self.monotonicSeconds()
        var request = request
        var method = "-"
        var caller = "-"
        let response: Response
        let outcome: String
        var heavy = false
        do {
            heavy = (request.headers[.contentLength].flatMap { Int($0) } ?? Self.heavyBodyBytes) >= Self.heavyBodyBytes
            let body = try await readBody(&request, heavy: heavy)
            heavy = heavy || body.readableBytes >= Self.heavyBodyBytes
            let query = request.uri.query
            let rpc =
                heavy
                ? try await heavyWork.runIfActive { try RPCRequest(formBody: body.readableBytesView, query: query) }
                : try RPCRequest(formBody: body.readableBytesView, query: query)
            // Method names are [A-Za-z0-9_] (RPCRequest) but of any length: bounded before they reach the log.
            method = LogText.safe(rpc.method)
            (response, outcome, caller) = await handle(rpc, request: request, context: context, heavy: heavy)
        } catch let error as RPCRequestError {
            (response, outcome) = (Self.plain(.badRequest, error.description), "bad_request")
        } catch let error as RequestBodyError {
            var refusal = Self.plain(error.status, error.message)
            if error.status == .contentTooLarge {
                refusal.headers[.connection] = "close"
            }
            (response, outcome) = (refusal, error.status == .contentTooLarge ? "too_large" : "bad_request")
        } catch {
            (response, outcome) = (Self.plain(.badRequest, "Cannot read request body: \(error)"), "bad_request")
        }
        if heavy {
            // Give the memory of a big call back to the system, so the resident size stays bounded after it.
            MemoryRelease.afterLargeCall()
        }
        let elapsed = Self.monotonicSeconds() - started
        metrics.record(method: method, outcome: outcome, seconds: elapsed)
        // One access-log line per call, as DIRAC's "Returning response" line: who, what, how long, how it ended.
        logger.info(
            "\(method) \(outcome)",
            metadata: [
                "caller": "\(caller)", "status": "\(response.status.code)",
                "ms": "\((elapsed * 10_000).rounded() / 10)",
            ])
        return response
    }

    /// Bodies this large are decoded, and their answers encoded, on `heavyWork`.
    static let heavyBodyBytes = 256 << 10

    private func handle(
        _ rpc: RPCRequest, request: Request, context: GatewayRequestContext, heavy: Bool
    ) async -> (Response, String, String) {
        guard registry.serves(rpc.method) else {
            return (Self.plain(.notImplemented, "\(LogText.safe(rpc.method)) is not implemented"), "not_implemented", "-")
        }
        let caller: Caller
        do throws(AuthenticationError) {
            let peer = try authenticate(request: request, context: context)
            caller = try resolver.resolve(peer: peer, extraCredentials: rpc.extraCredentials)
        } catch {
            logger.notice("refused \(rpc.method)", metadata: ["reason": "\(LogText.safe(error.reason, limit: 1024))"])
            return (Self.plain(.unauthorized, "Unauthorized: \(error.reason)"), "unauthorized", "-")
        }
        var callLogger = logger
        callLogger[metadataKey: "caller"] = "\(caller.logDescription)"
        callLogger[metadataKey: "method"] = "\(rpc.method)"
        let callContext = CallContext(
            caller: caller, service: service, policy: resolver.policy, logger: callLogger, lfnLimits: lfnLimits)
        switch await registry.dispatch(rpc, in: callContext) {
        case .notImplemented(let name):
            return (Self.plain(.notImplemented, "\(name) is not implemented"), "not_implemented", caller.logDescription)
        case .unauthorized(let error):
            callLogger.notice("refused", metadata: ["reason": "\(LogText.safe(error.reason, limit: 1024))"])
            return (Self.plain(.unauthorized, "Unauthorized: \(error.reason)"), "unauthorized", caller.logDescription)
        case .result(let result):
            let acceptEncoding = request.headers[.acceptEncoding]
            let response: Response
            if heavy, let encoded = try? await heavyWork.runIfActive({ jsonResponse(result.jencodedBody(), acceptEncoding: acceptEncoding) }) {
                response = encoded
            } else {
                response = jsonResponse(result.jencodedBody(), acceptEncoding: acceptEncoding)
            }
            return (response, result.isOK ? "ok" : "error", caller.logDescription)
        }
    }

    /// The verified client: from the TLS handshake, or in balancer mode from the trusted front's headers.
    /// A chain is checked at the handshake; a kept-alive connection or a resumed TLS session may outlive it, so its
    /// earliest `notAfter` is checked again on every request.
    private func authenticate(request: Request, context: GatewayRequestContext) throws(AuthenticationError) -> AuthenticatedPeer {
        let peer: AuthenticatedPeer
        if let trustedFront {
            peer = try trustedFront.authenticate(headers: request.headers, remoteAddress: context.remoteAddress)
        } else if let verified = context.tlsPeer {
            peer = verified
        } else {
            throw AuthenticationError("no verified client certificate on this connection")
        }
        let now = ServiceClock.nowSeconds()
        guard peer.notAfter > now else {
            throw AuthenticationError(
                "the client certificate chain of \(LogText.safe(peer.dn)) expired \(now - peer.notAfter) s ago, after this connection's handshake")
        }
        return peer
    }

    /// The request body, decompressed. Each failure says what happened: a declared `Content-Length` over the limit
    /// is refused before anything is read, a body that grows past it while being read is 413 too, a client that
    /// hangs up or stalls is 400 with the transport's reason, a bad compressed body is 400 with what is wrong
    /// with it. After a 413 the connection is closed (`Connection: close`), so that a client still sending does
    /// not wait for an answer that it already has.
    private func readBody(_ request: inout Request, heavy: Bool) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxRequestBytes {
            throw RequestBodyError(
                status: .contentTooLarge,
                message: "Request body larger than \(maxRequestBytes) bytes (Content-Length \(declared))")
        }
        let raw: ByteBuffer
        do {
            raw = try await request.collectBody(upTo: maxRequestBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw RequestBodyError(status: .contentTooLarge, message: "Request body larger than \(maxRequestBytes) bytes")
        } catch {
            throw RequestBodyError(status: .badRequest, message: "Request body not received completely: \(error)")
        }
        guard let encoding = request.headers[.contentEncoding] else { return raw }
        let limit = maxDecompressedBytes
        do {
            // Inflating is the heavy part of a compressed body whatever its compressed size.
            return try await heavyWork.runIfActive {
                try BodyCompression.decode(raw, contentEncoding: encoding, maxSize: limit)
            }
        } catch let failure as StrictInflater.Failure {
            if case .tooLarge = failure {
                throw RequestBodyError(status: .contentTooLarge, message: failure.description)
            }
            throw RequestBodyError(status: .badRequest, message: "Cannot decode \(LogText.safe(encoding)) request body: \(failure)")
        } catch {
            throw RequestBodyError(status: .badRequest, message: "Cannot decode \(LogText.safe(encoding)) request body: \(error)")
        }
    }

    private func jsonResponse(_ body: [UInt8], acceptEncoding: String?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        var buffer = ByteBuffer(bytes: body)
        if compressAbove > 0, body.count >= compressAbove, BodyCompression.acceptsGzip(acceptEncoding),
            let compressed = try? BodyCompression.gzip(buffer)
        {
            buffer = compressed
            headers[.contentEncoding] = "gzip"
            headers[.vary] = "Accept-Encoding"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    static func plain(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }

    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

struct RequestBodyError: Error {
    var status: HTTPResponse.Status
    var message: String
}
