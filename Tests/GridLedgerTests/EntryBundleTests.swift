import GridLedger
import Testing

@Suite struct EntryBundleTests {
    @Test func entriesAreLengthPrefixedBigEndian() throws {
        let bundle = try EntryBundle(entries: [[0x61, 0x62], [], [UInt8](repeating: 7, count: 300)])
        let data = bundle.data
        #expect(Array(data.prefix(6)) == [0x00, 0x02, 0x61, 0x62, 0x00, 0x00])
        #expect(Array(data[6..<8]) == [0x01, 0x2c])
        let expected = 2 + 2 + 2 + 2 + 300  // outside #expect: a literal sum there can time out the type checker
        #expect(data.count == expected)
        #expect(try EntryBundle(decoding: data, width: 3) == bundle)
        #expect(bundle.leafHashes == bundle.entries.map { MerkleHash.leaf($0) })
    }

    @Test func theLargestEntryFitsAndOneMoreByteIsRefused() throws {
        let largest = [UInt8](repeating: 0xab, count: 65_535)
        let bundle = try EntryBundle(entries: [largest])
        #expect(Array(bundle.data.prefix(2)) == [0xff, 0xff])
        #expect(try EntryBundle(decoding: bundle.data).entries == [largest])
        do {
            _ = try EntryBundle(entries: [[1], largest + [0]])
            Issue.record("a 64 KiB entry was accepted")
        } catch {
            #expect(error == .entryTooLarge(index: 1, byteCount: 65_536))
            #expect(error.message.contains("entry 1 is 65536 bytes"))
            #expect(error.message.contains("at most 65535"))
        }
    }

    @Test func malformedBundlesAreRefused() throws {
        #expect(throws: EntryBundleError.empty()) { try EntryBundle(entries: []) }
        #expect(throws: EntryBundleError.empty()) { try EntryBundle(decoding: [UInt8]()) }
        #expect(throws: EntryBundleError.tooManyEntries(257)) { try EntryBundle(entries: Array(repeating: [1], count: 257)) }
        #expect(throws: EntryBundleError.truncatedLength(entry: 1, offset: 3)) { try EntryBundle(decoding: [0, 1, 9, 0]) }
        #expect(throws: EntryBundleError.truncatedEntry(entry: 0, length: 5, available: 2)) { try EntryBundle(decoding: [0, 5, 1, 2]) }
        #expect(throws: EntryBundleError.wrongWidth(entryCount: 1, width: 2)) { try EntryBundle(decoding: [0, 1, 9], width: 2) }
        let full = try EntryBundle(entries: Array(repeating: [1], count: 256)).data
        #expect(throws: EntryBundleError.tooManyEntries(257)) { try EntryBundle(decoding: full + [0, 0]) }
        do {
            _ = try EntryBundle(decoding: [0, 5, 1, 2])
        } catch {
            #expect(error.message == "entry 0 declares 5 bytes but only 2 remain in the bundle")
        }
    }
}
