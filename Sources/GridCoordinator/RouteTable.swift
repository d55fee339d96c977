import Hummingbird
import Synchronization

/// The methods each registered path answers, so that a known path asked with another method is
/// answered 405 with an `Allow` header (RFC 9110 §15.5.6) rather than Hummingbird's 404.
///
/// Filled once from the router after every route is registered; read by ``ProblemMiddleware``.
final class RouteTable: Sendable {
    private struct Entry {
        /// The path's segments; `nil` where the route captures a parameter (`:id`) or takes any (`*`).
        let segments: [Substring?]
        var methods: [HTTPRequest.Method]
    }

    private let entries = Mutex<[Entry]>([])

    /// Records every route of `router`.
    func load(_ router: Router<GridRequestContext>) {
        var loaded: [Entry] = []
        for route in router.routes {
            let segments = route.path.description.split(separator: "/").map { segment -> Substring? in
                segment.hasPrefix(":") || segment.hasPrefix("*") || segment.hasPrefix("{") ? nil : segment
            }
            if let index = loaded.firstIndex(where: { $0.segments == segments }) {
                if !loaded[index].methods.contains(route.method) { loaded[index].methods.append(route.method) }
            } else {
                loaded.append(Entry(segments: segments, methods: [route.method]))
            }
        }
        entries.withLock { $0 = loaded }
    }

    /// The methods `path` answers, in registration order; empty when no route has that path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let asked = path.split(separator: "/")
        return entries.withLock { entries in
            entries.first { entry in
                entry.segments.count == asked.count
                    && zip(entry.segments, asked).allSatisfy { pattern, segment in pattern.map { $0 == segment } ?? true }
            }?.methods ?? []
        }
    }
}
