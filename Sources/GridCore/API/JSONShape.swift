/// The fields a request body may hold, so that one it does not know is refused: a misspelt
/// `"replica": 3` would otherwise be dropped without a word, and the job run and paid once.
public indirect enum JSONShape: Sendable {
    /// A value whose inside is not checked here: a string, a number, or a type that checks itself.
    case value
    /// An object with these fields (each may be absent or null).
    case object([String: JSONShape])
    /// An array whose elements have this shape.
    case array(JSONShape)

}
