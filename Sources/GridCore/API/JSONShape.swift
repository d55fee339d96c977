/// The fields a request body may hold, so that one it does not know is refused: a misspelt
/// `"replica": 3` would otherwise be dropped without a word, and the job run and paid once.
public indirect enum JSONShape: Sendable {
    /// A value whose inside is not checked here: a string, a number, or a type that checks itself.
    case value
    /// An object with these fields (each may be absent or null).
    case object([String: JSONShape])
    /// An array whose elements have this shape.
    case array(JSONShape)

    /// The first field in `json` (as `JSONSerialization` parses it) that the shape does not
    /// have, in key order: its path, such as `tasks[2].stdn`, and the fields its object may
    /// have; nil when every field is known. A value of another kind than the shape expects is
    /// left to the decoder to name.
    public func firstUnknownField(in json: Any, at path: String = "") -> (path: String, fields: [String])? {
        switch self {
        case .value:
            return nil
        case .object(let fields):
            guard let object = json as? [String: Any] else { return nil }
            for key in object.keys.sorted() {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard let field = fields[key] else { return (keyPath, fields.keys.sorted()) }
                if let unknown = field.firstUnknownField(in: object[key]!, at: keyPath) { return unknown }
            }
            return nil
        case .array(let element):
            guard let array = json as? [Any] else { return nil }
            for (index, item) in array.enumerated() {
                if let unknown = element.firstUnknownField(in: item, at: "\(path)[\(index)]") { return unknown }
            }
            return nil
        }
    }
}
