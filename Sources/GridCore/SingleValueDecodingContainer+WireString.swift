extension SingleValueDecodingContainer {
    /// The string a wire value must be (amounts and prices travel as decimal strings, since JSON
    /// parsers round large numbers through floating point); any other JSON type is refused with
    /// `explanation`, which says what the value must look like.
    func decodeWireString(explaining explanation: String) throws -> String {
        do {
            return try decode(String.self)
        } catch DecodingError.typeMismatch {
            throw DecodingError.dataCorruptedError(in: self, debugDescription: explanation)
        }
    }
}
