import GridCore
import Testing

struct JSONBodyScanTests {
    @Test(arguments: [
        (#"{"replicas":3,"replicas":1}"#, "replicas"),
        (#"{"tasks":[{"stdin":"a"},{"stdin":"b","stdin":"c"}]}"#, "tasks[1].stdin"),
        (#"{"a":{"b":1,"\u0062":2}}"#, "a.b"),
        (#"{"x":1, "y":{"x":1}, "x" : 2}"#, "x"),
    ])
    func aKeyGivenTwiceInOneObjectIsNamedByItsPath(json: String, path: String) {
        #expect(JSONBodyScan(Array(json.utf8)).duplicateKey == path)
    }

    @Test(arguments: [#"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#, #"{"ab":1,"a\"b":2}"#, "[]", "{}", #""x""#])
    func theSameKeyInDifferentObjectsIsNotADuplicate(json: String) {
        #expect(JSONBodyScan(Array(json.utf8)).duplicateKey == nil)
    }

    @Test(arguments: [
        (#"{"replicas":1.5}"#, "replicas", "1.5"),
        (#"{"limits":{"fuel":99999999999999999999}}"#, "limits.fuel", "99999999999999999999"),
        (#"{"t":[1,2,1e-1]}"#, "t[2]", "1e-1"),
        ("-2.25", "", "-2.25"),
    ])
    func aNumberThatFitsNoFieldIsNamedWithItsText(json: String, path: String, text: String) throws {
        let number = try #require(JSONBodyScan(Array(json.utf8)).unfitNumber)
        #expect(number.path == path)
        #expect(number.text == text)
    }

    @Test(arguments: [#"{"a":1e3,"b":1.0,"c":18446744073709551615,"e":0,"f":-0}"#, #"{"s":"1.5"}"#])
    func wholeNumbersWithin64BitsAreFine(json: String) {
        #expect(JSONBodyScan(Array(json.utf8)).unfitNumber == nil)
    }

    @Test func aNegativeNumberIsNamedOnlyWhenNoNumberIsOutOfRange() throws {
        let negative = try #require(JSONBodyScan(Array(#"{"a":1,"partsPerMillion":-1}"#.utf8)).unfitNumber)
        #expect(negative.path == "partsPerMillion" && negative.text == "-1" && negative.isNegative)
        let fraction = try #require(JSONBodyScan(Array(#"{"a":-1,"b":2.5}"#.utf8)).unfitNumber)
        #expect(fraction.path == "b" && !fraction.isNegative)
    }

    @Test(arguments: [#"{"a":1,"a""#, "{", #"{"a" 1}"#, "tru", ""])
    func bytesThatAreNotJSONFindNothing(json: String) {
        let scan = JSONBodyScan(Array(json.utf8))
        #expect(scan.duplicateKey == nil)
        #expect(scan.unfitNumber == nil)
    }

    @Test func nestingPastFiveHundredTwelveLevelsFindsNothingAndDoesNotExhaustTheStack() {
        let deep = Array(repeating: UInt8(ascii: "["), count: 1_000_000) + Array("1.5".utf8)
        #expect(JSONBodyScan(deep).unfitNumber == nil)
        let nested = String(repeating: "[", count: 100) + #"{"a":1,"a":2}"# + String(repeating: "]", count: 100)
        #expect(JSONBodyScan(Array(nested.utf8)).duplicateKey == String(repeating: "[0]", count: 100) + ".a")
    }

    @Test func aWholeNumberPastInt64IsNamedApart() {
        let scan = JSONBodyScan(Array(#"{"a":9223372036854775807,"b":{"c":9223372036854775808},"d":18446744073709551615}"#.utf8))
        #expect(scan.beyondSignedRange?.path == "b.c" && scan.beyondSignedRange?.text == "9223372036854775808")
        #expect(scan.unfitNumber == nil)
        #expect(JSONBodyScan(Array(#"{"a":9223372036854775807,"b":-9223372036854775808}"#.utf8)).beyondSignedRange == nil)
    }
}
