import ArgumentParser
import Foundation

/// Where a command's settings come from, in order: the flag, the environment (`IDLEGRID_<NAME>`),
/// the config file (`--config FILE` or `IDLEGRID_CONFIG`, a JSON object of the same names), then
/// the default.
struct Settings {
    /// Every name a command reads from a config file. One file may serve several commands (a
    /// coordinator's and a worker's settings side by side), so a key is refused only when no
    /// command reads it: a misspelt key would otherwise be ignored without a word.
    static let names: Set<String> = [
        "api-key", "api-key-file", "coordinator", "credential-file", "db", "host", "hours", "idle-cpu", "key",
        "ledger-key", "ledger-origin", "minimum-payout", "name", "operator-account", "operator-key", "operator-key-file", "port", "price",
        "region", "settlement-anchor", "settlement-period", "slots",
    ]

    /// The config file's settings that name files: a relative path there is read from the config
    /// file's own directory, wherever the command runs (a flag's or a variable's, from the
    /// working directory, as usual).
    static let pathNames: Set<String> = [
        "api-key-file", "credential-file", "db", "key", "ledger-key", "operator-key-file", "settlement-anchor",
    ]
    /// A config file holds settings; a larger file is not one.
    static let maximumFileBytes = 1 << 20

    private let file: [String: Any]
    /// The config file's directory.
    private let directory: URL?

    init(configPath: String?) throws {
        guard let path = configPath ?? ProcessInfo.processInfo.environment["IDLEGRID_CONFIG"] else {
            file = [:]
            directory = nil
            return
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.maximumFileBytes else {
            throw CLIFailure("the config file '\(path)' is \(size) bytes; a config file holds settings, at most \(Self.maximumFileBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure("cannot read the config file '\(path)'")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIFailure("the config file '\(path)' is not a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !Self.names.contains($0) }) {
            throw CLIFailure("the config file '\(path)' has an unknown key '\(unknown)'; the keys are \(Self.names.sorted().joined(separator: ", "))")
        }
        // A setting is one value; a list or an object would be read as its description, and
        // Foundation reads true and false as the numbers 1 and 0 (a port of 1, a file named 0).
        if let wrong = object.keys.sorted().first(where: { !Self.isOneValue(object[$0]) }) {
            throw CLIFailure("the config file '\(path)' gives '\(wrong)' a list, an object, a Boolean or null; give a string or a number")
        }
        file = object
        directory = URL(fileURLWithPath: path).deletingLastPathComponent()
    }

    /// Whether a config file's value is a string or a number (not a list, object, Boolean or null).
    private static func isOneValue(_ value: Any?) -> Bool {
        if value is String { return true }
        guard let number = value as? NSNumber else { return false }
        // JSON's true and false come back as numbers of the C type char ("c"); JSON numbers never do.
        return String(cString: number.objCType) != "c"
    }

    /// The setting `name` (kebab-case, as the flag), or nil.
    func string(_ name: String, flag: String?) -> String? {
        if let flag { return flag }
        let variable = "IDLEGRID_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        if let value = ProcessInfo.processInfo.environment[variable] { return value }
        guard let value = file[name].map({ "\($0)" }) else { return nil }
        if Self.pathNames.contains(name), let directory, !value.hasPrefix("/"), !value.isEmpty {
            return directory.appendingPathComponent(value).path
        }
        return value
    }

    /// The coordinator's http(s) URL (`--coordinator`, `IDLEGRID_COORDINATOR`, the file), or
    /// `fallback`; a missing or malformed one is an error saying what to give.
    func coordinatorURL(flag: String?, default fallback: String? = nil) throws -> URL {
        guard let text = string("coordinator", flag: flag) ?? fallback else {
            throw ValidationError("give the coordinator's URL with --coordinator (e.g. http://127.0.0.1:8480)")
        }
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--coordinator '\(text)' is not an http(s) URL")
        }
        return url
    }

    /// The integer setting `name`, or `fallback`; a value that is not an integer is an error naming it.
    func integer(_ name: String, flag: Int?, default fallback: Int) throws -> Int {
        guard let text = string(name, flag: flag.map(String.init)) else { return fallback }
        guard let value = Int(text) else { throw CLIFailure("setting '\(name)' must be an integer, not '\(text)'") }
        return value
    }
}
