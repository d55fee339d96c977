// wordcount — counts lines, words and bytes of stdin, like `wc -l -w -c`.
//
// Usage: wordcount        (no arguments)
// Output: "<lines> <words> <bytes>\n". Lines = number of "\n" bytes; words = maximal runs
// of bytes other than space, \t, \n, \r, \v (0x0B) and \f (0x0C). Input is streamed in
// 64 KiB chunks, so memory use does not grow with the input.

func guestMain() {
    var lines: UInt64 = 0
    var words: UInt64 = 0
    var bytes: UInt64 = 0
    var inWord = false
    var chunk = [UInt8](repeating: 0, count: 65536)
    chunk.withUnsafeMutableBytes { buffer in
        while true {
            let n = Guest.read(into: buffer, from: Guest.stdin)
            if n < 0 { Guest.fail("cannot read stdin", code: 1) }
            if n == 0 { break }
            bytes += UInt64(n)
            for i in 0..<n {
                let c = buffer[i]
                if c == 0x0A { lines += 1 }
                let space = c == 0x20 || (c >= 0x09 && c <= 0x0D)
                if space {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
            }
        }
    }
    Guest.writeLine(Guest.decimal(lines), " ", Guest.decimal(words), " ", Guest.decimal(bytes))
}
