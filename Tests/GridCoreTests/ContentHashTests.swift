import Foundation
import GridCore
import Testing

@Suite struct ContentHashTests {
    @Test func knownDigests() {
        #expect(ContentHash(of: []).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash(of: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func parsesHexInEitherCaseAndPrintsLowercase() throws {
        let upper = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        let hash = try ContentHash(hex: upper)
        #expect(hash == ContentHash(of: Array("abc".utf8)))
        #expect(hash.description == upper.lowercased())
    }

    @Test(arguments: ["", "abc", String(repeating: "0", count: 63), String(repeating: "0", count: 65),
                      String(repeating: "g", count: 64), String(repeating: "0", count: 62) + " 0"])
    func rejectsWhatIsNot64HexDigits(text: String) {
        let error = #expect(throws: ContentHashError.self) { try ContentHash(hex: text) }
        #expect(error?.message.contains("is not a SHA-256 hash") == true)
    }

    @Test func codableAsAHexString() throws {
        let hash = ContentHash(of: Array("idlegrid".utf8))
        let json = try JSONEncoder().encode([hash])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(hash.hex)\"]")
        #expect(try JSONDecoder().decode([ContentHash].self, from: json) == [hash])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ContentHash].self, from: Data(#"["nope"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ContentHash].self, from: Data("[42]".utf8)) }
    }
}
