import Foundation

/// A one-line progress bar on standard error, redrawn in place on a terminal and printed
/// sparingly otherwise (logs and CI).
struct ProgressBar {
    let total: Int
    let label: String
    private var lastPrinted = -1
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(total: Int, label: String) {
        self.total = max(1, total)
        self.label = label
    }

    mutating func update(_ done: Int, note: String = "") {
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = done * 100 / total
        let line = "[\(bar)] \(done)/\(total) \(label) \(percent)%\(note.isEmpty ? "" : "  " + note)"
        if isTerminal {
            FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        } else if percent / 25 != lastPrinted / 25 || done == total {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        lastPrinted = percent
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
