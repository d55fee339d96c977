import ArgumentParser
import Foundation
import GridCore

/// `idlegrid module publish`.
struct ModuleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "module", abstract: "Publish WebAssembly modules.", subcommands: [Publish.self])

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload a module; prints its SHA-256, which jobs name it by.")

        @Argument(help: "The .wasm file.")
        var file: String

        @OptionGroup var options: ClientOptions

        @Flag(help: "Print the answer as JSON.")
        var json = false

        func run() async throws {
            try await reportingFailures {
                let stored = try await options.client().uploadModule(Data(try readFile(file, what: "module")))
                if json { try printJSON(stored) } else { print(stored.hash.hex) }
            }
        }
    }
}

/// Runs a client command, turning API problems and failures into one line on standard error and
/// exit status 1 (2 for local files).
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let problem as Problem {
        FileHandle.standardError.write(Data("Error: \(problem)\n".utf8))
        throw ExitCode(1)
    } catch let failure as CLIFailure {
        FileHandle.standardError.write(Data("Error: \(failure)\n".utf8))
        throw ExitCode(2)
    } catch let error as any ValidationErrorLike {
        throw error
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// ArgumentParser's own errors pass through `reportingFailures` untouched.
protocol ValidationErrorLike: Error {}
extension ValidationError: ValidationErrorLike {}

/// Prints an API document as indented JSON.
func printJSON(_ value: some Encodable) throws {
    let object = try JSONSerialization.jsonObject(with: APICoding.encode(value))
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}
