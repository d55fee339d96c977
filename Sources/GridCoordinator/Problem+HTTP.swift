import Foundation
import GridCore
import Hummingbird

/// Answers every error as `application/problem+json`: the ``Problem``s the routes throw, and
/// Hummingbird's own errors (an oversized body, an unknown route) in the same shape.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response()
        } catch let error as any HTTPResponseError {
            let code = Int(error.status.code)
            let detail = code == 413 ? "the request body is too large" : (error.status.reasonPhrase)
            return try Problem(title: error.status.reasonPhrase, status: code, detail: detail).response()
        }
    }
}

extension Problem {
    /// The problem as an `application/problem+json` response (503s say when to retry).
    func response() throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == 503 || status == 429 { headers[.retryAfter] = "2" }
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

    /// 403: the key is valid but may not do this.
    static func forbidden(_ detail: String) -> Problem {
        Problem(title: "Forbidden", status: 403, detail: detail)
    }

    /// 404: nothing of the caller's by that name.
    static func notFound(_ detail: String) -> Problem {
        Problem(title: "Not Found", status: 404, detail: detail)
    }

    /// 422: well-formed but not acceptable.
    static func unprocessable(_ detail: String, field: String? = nil) -> Problem {
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
            return .badRequest(context.debugDescription, field: path(context.codingPath))
        @unknown default:
            return .badRequest("the body could not be read")
        }
    }
}
