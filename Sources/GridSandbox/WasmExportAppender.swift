/// Adds exports to a WebAssembly binary, leaving every other byte as it was.
///
/// The export section is section 7: a count and a list of (name, kind, index). The entries are
/// appended to it, or a new section is put where the binary format orders it (after the global
/// section, before start, element, data count, code and data) when there is none. The input has
/// already been validated, so its section headers are well formed.
package enum WasmExportAppender {
    private static let exportSection: UInt8 = 7
    /// Each known section's place in the binary format's required order; custom sections (0) may go
    /// anywhere and are skipped.
    private static let order: [UInt8: Int] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13]

    /// `bytes` with `exports` appended to its export section.
    package static func appending(_ exports: [(name: String, kind: UInt8, index: UInt32)], to bytes: [UInt8]) throws(Malformed) -> [UInt8] {
        guard !exports.isEmpty else { return bytes }
        var entries: [UInt8] = []
        for export in exports {
            let name = Array(export.name.utf8)
            appendLEB(UInt32(name.count), to: &entries)
            entries += name
            entries.append(export.kind)
            appendLEB(export.index, to: &entries)
        }
        var output = Array(bytes[0..<8])
        var offset = 8
        var placed = false
        while offset < bytes.count {
            let id = bytes[offset]
            var cursor = offset + 1
            let size = try Int(readLEB(bytes, &cursor))
            let end = cursor + size
            guard end <= bytes.count else { throw Malformed() }
            if id == exportSection {
                var body = cursor
                let count = try readLEB(bytes, &body)
                var content: [UInt8] = []
                appendLEB(count + UInt32(exports.count), to: &content)
                content += bytes[body..<end]
                content += entries
                appendSection(exportSection, content, to: &output)
                placed = true
            } else {
                if !placed, let rank = order[id], rank > order[exportSection]! {
                    appendNewSection(entries, count: exports.count, to: &output)
                    placed = true
                }
                output += bytes[offset..<end]
            }
            offset = end
        }
        if !placed { appendNewSection(entries, count: exports.count, to: &output) }
        return output
    }

    /// The binary's section headers do not add up.
    package struct Malformed: Error {}

    private static func appendNewSection(_ entries: [UInt8], count: Int, to output: inout [UInt8]) {
        var content: [UInt8] = []
        appendLEB(UInt32(count), to: &content)
        content += entries
        appendSection(exportSection, content, to: &output)
    }

    private static func appendSection(_ id: UInt8, _ content: [UInt8], to output: inout [UInt8]) {
        output.append(id)
        appendLEB(UInt32(content.count), to: &output)
        output += content
    }

    private static func appendLEB(_ value: UInt32, to output: inout [UInt8]) {
        var value = value
        repeat {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            output.append(value == 0 ? byte : byte | 0x80)
        } while value != 0
    }

    private static func readLEB(_ bytes: [UInt8], _ cursor: inout Int) throws(Malformed) -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while cursor < bytes.count, shift < 35 {
            let byte = bytes[cursor]
            cursor += 1
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw Malformed()
    }
}
