import ArgumentParser
import Foundation

/// Secrets (API keys) come from a file or the environment, never from the command line, where
/// every user of the machine can read them (`ps`, `/proc/PID/cmdline`) and shells keep them in
/// their history. The old flags that took a secret remain only to say so.
enum SecretInput {
    /// The refusal of `flag` given a secret on the command line, naming what to use instead.
    static func refusal(flag: String, fileFlag: String, variable: String) -> ValidationError {
        ValidationError(
            "\(flag) would put the secret on the command line, where other users can read it (ps) and shells keep it in their history; "
                + "give \(fileFlag) PATH (a file holding it) or set \(variable) instead")
    }

    /// A secret file holds one key; a file larger than this is not one.
    static let maximumFileBytes = 4096

    /// The secret in the file at `path`, surrounding whitespace and newlines dropped. The file must
    /// hold one key and nothing else (its text is never echoed); a file other users can read is
    /// used, with a warning on standard error.
    static func read(file path: String, what: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CLIFailure("cannot read the \(what) file '\(path)': \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw CLIFailure("the \(what) file '\(path)' is not a regular file") }
        guard info.st_size <= maximumFileBytes else {
            throw CLIFailure("the \(what) file '\(path)' is \(info.st_size) bytes; it should hold the key alone (at most \(maximumFileBytes) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure("cannot read the \(what) file '\(path)'")
        }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw CLIFailure("the \(what) file '\(path)' is empty") }
        try check(secret, source: "the \(what) file '\(path)'")
        if info.st_mode & 0o077 != 0 {
            FileHandle.standardError.write(Data(
                "warning: the \(what) file '\(path)' can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 on it\n".utf8))
        }
        return secret
    }

    /// Refuses a secret that is not one token of printable ASCII (a key is hex or base64): a line
    /// break, a space or a control character means the wrong file or a pasted note, and would
    /// otherwise be sent as an HTTP header.
    static func check(_ secret: String, source: String) throws {
        guard secret.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw CLIFailure("\(source) holds more than one key (a line break, a space or another character that is not printable ASCII); it should hold the key alone, on one line")
        }
    }

    /// The setting `name` read as a secret: `fileFlag`'s file, then the environment variable
    /// `IDLEGRID_<NAME>` (or the config file's `name`), then the file named by `IDLEGRID_<NAME>_FILE`
    /// (or the config file's `<name>-file`); nil when none is given.
    static func resolve(_ name: String, fileFlag: String?, settings: Settings, what: String) throws -> String? {
        if let path = fileFlag { return try read(file: path, what: what) }
        if let secret = settings.string(name, flag: nil) {
            try check(secret, source: "the \(what) setting (IDLEGRID_\(name.uppercased().replacingOccurrences(of: "-", with: "_")) or the config file's \(name))")
            return secret
        }
        if let path = settings.string("\(name)-file", flag: nil) { return try read(file: path, what: what) }
        return nil
    }

    /// Writes `secret` and a newline to `path`, created mode 0600 from the start (never readable by
    /// others, even for a moment), replacing a file already there in one rename.
    static func save(_ secret: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CLIFailure("cannot create '\(temporary)' next to '\(path)': \(String(cString: strerror(errno)))")
        }
        let bytes = Array((secret + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIFailure("cannot write '\(path)': \(reason)")
        }
    }
}
