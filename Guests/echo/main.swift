// echo — sandbox test fixture for stdin, stdout, stderr, arguments and environment.
//
// Usage: echo [ARGS...]
// Copies stdin to stdout unchanged, then writes each argv element (argv[0] included) and
// then each environment variable (`KEY=VALUE`), one per line, to stderr.

func guestMain() {
    var chunk = [UInt8](repeating: 0, count: 65536)
    chunk.withUnsafeMutableBytes { buffer in
        while true {
            let n = Guest.read(into: buffer, from: Guest.stdin)
            if n <= 0 { break }
            Guest.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), to: Guest.stdout)
        }
    }
    for argument in Guest.arguments() { Guest.writeLine(argument, to: Guest.stderr) }
    for variable in Guest.environment() { Guest.writeLine(variable, to: Guest.stderr) }
}
