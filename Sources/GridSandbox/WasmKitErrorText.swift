import Foundation

/// WasmKit's errors in words people can read.
enum WasmKitErrorText {
    /// WasmKit prints parse errors wrapped as `Message(text: "…")`, and traps as `Trap: …` followed
    /// by a backtrace; its error fields are package-private, so the text is cleaned from the
    /// description.
    static func readable(_ error: any Error) -> String {
        var text = String(describing: error)
        while let open = text.range(of: "Message(text: \""),
              let close = text.range(of: "\")", range: open.upperBound..<text.endIndex) {
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: text[open.upperBound..<close.lowerBound])
        }
        text = text.replacingOccurrences(of: "\"", with: "")
        let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? text
        return firstLine.hasPrefix("Trap: ") ? String(firstLine.dropFirst(6)) : firstLine
    }
}
