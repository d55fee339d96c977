/// A failure the CLI reports as one line on standard error, with exit status 2.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
