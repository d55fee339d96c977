extension Tile {
    /// The tlog-tiles path: `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`, without
    /// the log's URL prefix.
    public var path: String {
        let levelElement: String
        switch kind {
        case .hashes(let level): levelElement = String(level)
        case .entries: levelElement = "entries"
        }
        let suffix = isPartial ? ".p/\(width)" : ""
        return "tile/\(levelElement)/\(Self.indexPath(index))\(suffix)"
    }

    /// `index` as 3-digit path elements, all but the last prefixed with `x`.
    static func indexPath(_ index: UInt64) -> String {
        var groups: [UInt64] = []
        var rest = index
        repeat {
            groups.append(rest % 1000)
            rest /= 1000
        } while rest > 0
        return groups.reversed().enumerated().map { position, group in
            let digits = String(group)
            let padded = String(repeating: "0", count: 3 - digits.count) + digits
            return position == groups.count - 1 ? padded : "x" + padded
        }.joined(separator: "/")
    }

    /// Parses a tlog-tiles path (without the log's URL prefix).
    ///
    /// Only the canonical spelling is accepted — the one ``path`` writes — so one resource has
    /// one name: a level without leading zeros, index elements of exactly three digits with no
    /// leading `x000`, a width 1...255 for a partial tile.
    ///
    /// - Throws: ``TileError`` naming the path and the part of it that is wrong.
    public init(path: String) throws(TileError) {
        var elements = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard elements.count >= 3, elements[0] == "tile" else {
            throw .malformedPath(path, problem: "a tile path has the form tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]")
        }
        let kind: Kind
        if elements[1] == "entries" {
            kind = .entries
        } else {
            guard let level = Self.canonicalDecimal(elements[1]), level <= UInt64(Self.maximumLevel) else {
                throw .malformedPath(path, problem: "the level '\(elements[1])' must be 'entries' or a decimal 0...63 without leading zeros")
            }
            kind = .hashes(level: Int(level))
        }
        var width = Self.fullWidth
        if elements.count >= 4, elements[elements.count - 2].hasSuffix(".p") {
            let widthText = elements.removeLast()
            guard let parsed = Self.canonicalDecimal(widthText), (1..<UInt64(Self.fullWidth)).contains(parsed) else {
                throw .malformedPath(path, problem: "the partial width '\(widthText)' must be a decimal 1...255 without leading zeros")
            }
            width = Int(parsed)
            elements[elements.count - 1].removeLast(2)
        }
        let indexElements = elements[2...]
        var index: UInt64 = 0
        for (position, element) in indexElements.enumerated() {
            let isLast = position == indexElements.count - 1
            var digits = Substring(element)
            if !isLast {
                guard digits.first == "x" else {
                    throw .malformedPath(path, problem: "index element '\(element)' must start with 'x': all but the last element of <N> do")
                }
                digits = digits.dropFirst()
            }
            guard digits.count == 3, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
                throw .malformedPath(path, problem: "index element '\(element)' must be \(isLast ? "" : "'x' and ")exactly three digits")
            }
            if position == 0, !isLast, digits == "000" {
                throw .malformedPath(path, problem: "index element '\(element)' is a leading zero group: write the index with no x000 in front")
            }
            let scaled = index.multipliedReportingOverflow(by: 1000)
            let sum = scaled.partialValue.addingReportingOverflow(UInt64(digits)!)
            guard !scaled.overflow, !sum.overflow else {
                throw .malformedPath(path, problem: "the index does not fit in 64 bits")
            }
            index = sum.partialValue
        }
        self.init(validKind: kind, index: index, width: width)
    }

    /// A decimal of ASCII digits without leading zeros ("0" itself is fine), or nil.
    private static func canonicalDecimal(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              text == "0" || !text.hasPrefix("0") else { return nil }
        return UInt64(text)
    }
}
