/// Why a key file could not be loaded or created.
public struct KeyFileError: Error, CustomStringConvertible {
    /// What was wrong and what to do.
    public let description: String
    init(_ description: String) { self.description = description }
}
