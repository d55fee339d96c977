import Foundation
package import GridCore
import GridStore
package import Hummingbird

/// Answers every error as `application/problem+json`: the ``Problem``s the routes throw,
/// Hummingbird's own errors (an oversized body, an unknown route) in the same shape, a known path
/// asked with a method it does not answer as 405 with `Allow`, and anything else (a store that
/// failed, a bug) as a 500 whose detail says what to do, logged with its cause. No error leaves
/// with an empty body.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext
    /// The registered routes, for the `Allow` header of a 405.
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response()
        } catch let error as any HTTPResponseError {
            let code = Int(error.status.code)
            if code == 404 {
                let allowed = routes.methods(for: request.uri.path)
                if !allowed.isEmpty, !allowed.contains(request.method) {
                    return try Problem.methodNotAllowed(request.method, allowed: allowed).response(
                        headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
                }
                return try Problem.notFound("there is no \(request.uri.path); the API's routes are listed in openapi.yaml").response()
            }
            let detail = code == 413 ? "the request body is too large" : error.status.reasonPhrase
            return try Problem(title: error.status.reasonPhrase, status: code, detail: detail).response()
        } catch let error as StoreError {
            context.logger.error("\(request.method) \(request.uri.path): the store failed: \(error)")
            return try Problem.internalError("the coordinator's database failed; try again, and tell its operator if it persists").response()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(String(reflecting: error))")
            return try Problem.internalError("the coordinator failed to answer; try again, and tell its operator if it persists").response()
        }
    }
}

extension Problem {
    /// The problem as an `application/problem+json` response with `headers` added (a 503 or 429
    /// says when to retry, a 426 to what).
    package func response(headers extra: HTTPFields = [:]) throws -> Response {
        var headers = extra
        headers[.contentType] = "application/problem+json"
        if status == 503 || status == 429 { headers[.retryAfter] = "2" }
        if status == 426 { headers[.upgrade] = "websocket" }
        let body = try APICoding.encode(self)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension Problem {
    /// 400: the request could not be read.
    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(title: "Bad Request", status: 400, detail: detail, field: field)
    }

    /// 401: no valid API key.
    static let unauthorized = Problem(
        title: "Unauthorized", status: 401,
        detail: "send a valid API key as 'Authorization: Bearer <key>'")

    /// 402: the account cannot cover what the request would hold; nothing was held.
    static func paymentRequired(needed: Amount, available: Amount) -> Problem {
        var problem = Problem(
            title: "Payment Required", status: 402,
            detail: "the job's maximum cost is \(needed) (\(needed.baseUnitsString) base units) but your account has \(available) available; deposit more, lower the price cap, the fuel limit or the number of tasks or replicas",
            field: "tasks")
        problem.needed = needed
        problem.available = available
        return problem
    }

    /// 403: the key is valid but may not do this.
    static func forbidden(_ detail: String, field: String? = nil) -> Problem {
        Problem(title: "Forbidden", status: 403, detail: detail, field: field)
    }

    /// 409: the request conflicts with what is stored.
    static func conflict(_ detail: String, field: String? = nil) -> Problem {
        Problem(title: "Conflict", status: 409, detail: detail, field: field)
    }

    /// 413: the body is over a limit, which the detail names.
    static func tooLarge(_ detail: String) -> Problem {
        Problem(title: "Content Too Large", status: 413, detail: detail)
    }

    /// 404: nothing of the caller's by that name.
    static func notFound(_ detail: String, field: String? = nil) -> Problem {
        Problem(title: "Not Found", status: 404, detail: detail, field: field)
    }

    /// 405: the path exists but does not answer this method.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        Problem(
            title: "Method Not Allowed", status: 405,
            detail: "\(method.rawValue) is not allowed here; use \(allowed.map(\.rawValue).joined(separator: " or "))")
    }

    /// 426: the worker endpoint speaks only WebSocket.
    static let upgradeRequired = Problem(
        title: "Upgrade Required", status: 426,
        detail: "this is the worker endpoint, a WebSocket: send 'Connection: Upgrade' and 'Upgrade: websocket' (idlegrid worker does)")

    /// 500: the coordinator failed; the cause is logged, not shown.
    static func internalError(_ detail: String) -> Problem {
        Problem(title: "Internal Server Error", status: 500, detail: detail)
    }

    /// 422: well-formed but not acceptable.
    package static func unprocessable(_ detail: String, field: String? = nil) -> Problem {
        Problem(title: "Unprocessable Content", status: 422, detail: detail, field: field)
    }

    /// 429: the account has as much work queued as it may; try later.
    static func tooManyRequests(_ detail: String, field: String? = nil) -> Problem {
        Problem(title: "Too Many Requests", status: 429, detail: detail, field: field)
    }

    /// 503: over capacity, try later.
    static func unavailable(_ detail: String) -> Problem {
        Problem(title: "Service Unavailable", status: 503, detail: detail)
    }

    /// A decoding failure as a 400 naming the JSON path at fault.
    static func decoding(_ error: DecodingError) -> Problem {
        func path(_ keys: [any CodingKey]) -> String? {
            let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            let trimmed = text.hasPrefix(".") ? String(text.dropFirst()) : text
            return trimmed.isEmpty ? nil : trimmed
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest("the field '\(field ?? key.stringValue)' is missing", field: field)
        case .typeMismatch(let type, let context):
            return .badRequest("expected \(type) at '\(path(context.codingPath) ?? "the top level")'", field: path(context.codingPath))
        case .valueNotFound(_, let context):
            return .badRequest("'\(path(context.codingPath) ?? "the body")' must not be null", field: path(context.codingPath))
        case .dataCorrupted(let context):
            // At the top level only the JSON itself can be corrupt: every request body is an object
            // whose own checks report at a field.
            if context.codingPath.isEmpty {
                return .badRequest("the body is not valid JSON")
            }
            let field = path(context.codingPath)
            // Foundation's own words for bytes that are not base64 name neither the field nor the fix.
            if context.debugDescription.contains("not valid Base64") {
                return .badRequest("'\(field ?? "the value")' must be bytes in base64 (RFC 4648, with padding)", field: field)
            }
            return .badRequest(context.debugDescription, field: field)
        @unknown default:
            return .badRequest("the body could not be read")
        }
    }
}
