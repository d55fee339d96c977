import Foundation

/// Reads a whole file ('-' is standard input), or fails with a message naming it.
func readFile(_ path: String, what: String) throws -> [UInt8] {
    if path == "-" {
        return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }
    guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
        throw CLIFailure("cannot read \(what) file '\(path)'")
    }
    return [UInt8](data)
}
