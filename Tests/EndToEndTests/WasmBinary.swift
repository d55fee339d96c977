import Foundation

/// WebAssembly binaries built byte by byte, for modules no guest source would make.
enum WasmBinary {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]

    static func leb(_ value: Int) -> [UInt8] {
        var value = UInt32(value)
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
        [id] + leb(content.count) + content
    }

    /// A module with one memory of `pages` initial pages and nothing else.
    static func memory(pages: Int) -> Data {
        Data(header + section(5, [0x01, 0x00] + leb(pages)))
    }

    /// A valid module of `count` functions, each `instructions` pairs of `i32.const 0; drop`:
    /// large work for a validator that compiles every body.
    static func manyFunctions(_ count: Int, instructionsEach instructions: Int) -> Data {
        let types = section(1, [0x01, 0x60, 0x00, 0x00])
        let functions = section(3, leb(count) + [UInt8](repeating: 0, count: count))
        let body: [UInt8] = [0x00] + Array([[UInt8]](repeating: [0x41, 0x00, 0x1a], count: instructions).joined()) + [0x0b]
        let code = section(10, leb(count) + Array([[UInt8]](repeating: leb(body.count) + body, count: count).joined()))
        return Data(header + types + functions + code)
    }
}
