import Foundation
import GridCore
import Testing

@Suite struct AmountTests {
    static let oneGRID = Amount.baseUnitsPerGRID

    @Test(arguments: [
        ("1.5 GRID", 1_500_000_000_000_000_000),
        ("1.5GRID", 1_500_000_000_000_000_000),
        ("-0.25 GRID", -250_000_000_000_000_000),
        ("1 grid", 1_000_000_000_000_000_000),
        ("2 Grid", 2_000_000_000_000_000_000),
        ("0.000000000000000001 GRID", 1),
        ("-0.000000000000000001 GRID", -1),
        ("0 GRID", 0),
        ("-0 GRID", 0),
        ("007.50 GRID", 7_500_000_000_000_000_000),
        ("1500000000000000000", 1_500_000_000_000_000_000),
        ("-3", -3),
        ("0", 0),
        ("170141183460469231731687303715884105727", Int128.max),
        ("-170141183460469231731687303715884105728", Int128.min),
        ("170141183460469231731.687303715884105727 GRID", Int128.max),
        ("-170141183460469231731.687303715884105728 GRID", Int128.min),
    ] as [(String, Int128)])
    func parsesAcceptedForms(text: String, baseUnits: Int128) throws {
        #expect(try Amount(parsing: text).baseUnits == baseUnits)
    }

    @Test(arguments: [
        ("", AmountError.empty()),
        ("1.5", .fractionWithoutUnit("")),
        ("-0.5", .fractionWithoutUnit("")),
        ("1.0000000000000000001 GRID", .tooManyFractionDigits("", digits: 0)),
        ("1e18", .malformed("")),
        ("1E18 GRID", .malformed("")),
        ("1 000", .malformed("")),
        ("1 000 GRID", .malformed("")),
        ("1_000", .malformed("")),
        ("1,5 GRID", .malformed("")),
        ("+", .malformed("")),
        ("+1", .malformed("")),
        ("-", .malformed("")),
        ("--1", .malformed("")),
        ("-+1", .malformed("")),
        (".5 GRID", .malformed("")),
        ("1. GRID", .malformed("")),
        ("1.5 ETH", .unknownUnit("", unit: "")),
        ("1 GRIDS", .unknownUnit("", unit: "")),
        ("GRID", .malformed("")),
        (" 1 GRID", .malformed("")),
        ("1 GRID ", .malformed("")),
        ("1  GRID", .malformed("")),
        ("1 ", .malformed("")),
        ("1 GRID x", .malformed("")),
        ("1GRID1", .malformed("")),
        ("12abc", .unknownUnit("", unit: "")),
        ("0x10", .malformed("")),
        ("١٢", .malformed("")),
        ("170141183460469231731687303715884105728", .outOfRange("")),
        ("-170141183460469231731687303715884105729", .outOfRange("")),
        ("170141183460469231731.687303715884105728 GRID", .outOfRange("")),
        ("999999999999999999999999 GRID", .outOfRange("")),
    ] as [(String, AmountError)])
    func rejectsBadText(text: String, expected: AmountError) {
        #expect(throws: expected) { try Amount(parsing: text) }
    }

    /// The message of the error `text` is rejected with, or nil when it parses.
    func rejection(_ text: String) -> String? {
        do {
            _ = try Amount(parsing: text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func rejectionMessagesSayWhatToDo() throws {
        let noUnit = try #require(rejection("1.5"))
        #expect(noUnit.contains("'1.5'") && noUnit.contains("add GRID"))
        let wrongUnit = try #require(rejection("1.5 ETH"))
        #expect(wrongUnit.contains("ETH") && wrongUnit.contains("the only unit is GRID"))
        let tooPrecise = try #require(rejection("0.0000000000000000001 GRID"))
        #expect(tooPrecise.contains("19 fraction digits") && tooPrecise.contains("at most 18"))
        let garbage = try #require(rejection("abc"))
        #expect(garbage.contains("'abc'") && garbage.contains("1.5 GRID"))
        let tooLarge = try #require(rejection("170141183460469231731687303715884105728"))
        #expect(tooLarge.contains("outside the amount range"))
        let empty = try #require(rejection(""))
        #expect(empty.contains("cannot be empty"))
    }

    @Test(arguments: [
        (1_500_000_000_000_000_000, "1.5 GRID"),
        (0, "0 GRID"),
        (-1, "-0.000000000000000001 GRID"),
        (1, "0.000000000000000001 GRID"),
        (2_000_000_000_000_000_000, "2 GRID"),
        (-250_000_000_000_000_000, "-0.25 GRID"),
        (1_000_000_000_000_000_010, "1.00000000000000001 GRID"),
        (Int128.max, "170141183460469231731.687303715884105727 GRID"),
        (Int128.min, "-170141183460469231731.687303715884105728 GRID"),
    ] as [(Int128, String)])
    func describesInGRID(baseUnits: Int128, text: String) {
        #expect(Amount(baseUnits: baseUnits).description == text)
    }

    @Test(arguments: [0, 1, -1, 7, 1_500_000_000_000_000_000, -123_456_789_012_345_678_901, Int128.max, Int128.min] as [Int128])
    func roundTripsThroughBothTextForms(baseUnits: Int128) throws {
        let amount = Amount(baseUnits: baseUnits)
        #expect(try Amount(parsing: amount.description) == amount)
        #expect(try Amount(parsing: amount.baseUnitsString) == amount)
        #expect(amount.baseUnitsString == String(baseUnits))
    }

    @Test func constantsAndPredicates() throws {
        #expect(Amount.decimals == 18)
        #expect(Amount.baseUnitsPerGRID == 1_000_000_000_000_000_000)
        #expect(Amount.zero.isZero)
        #expect(!Amount.zero.isNegative)
        #expect(Amount(baseUnits: -1).isNegative)
        #expect(!Amount(baseUnits: 1).isZero)
        #expect(Amount(baseUnits: 1) < Amount(baseUnits: 2))
        #expect(Amount(baseUnits: -5) < Amount.zero)
        #expect(try Amount(grid: 3) == Amount(baseUnits: 3 * Self.oneGRID))
        #expect(try Amount(grid: -3) == Amount(baseUnits: -3 * Self.oneGRID))
    }

    @Test func wholeGRIDOverflowThrows() throws {
        let largest = Int128.max / Self.oneGRID
        #expect(try Amount(grid: largest).baseUnits == largest * Self.oneGRID)
        #expect(throws: AmountError.overflow("")) { try Amount(grid: largest + 1) }
        #expect(throws: AmountError.overflow("")) { try Amount(grid: Int128.min / Self.oneGRID - 1) }
    }

    @Test func arithmetic() throws {
        let a = try Amount(parsing: "1.5 GRID")
        let b = try Amount(parsing: "0.25 GRID")
        #expect(try a + b == Amount(parsing: "1.75 GRID"))
        #expect(try a - b == Amount(parsing: "1.25 GRID"))
        #expect(try b - a == Amount(parsing: "-1.25 GRID"))
        #expect(try a.adding(b) == a + b)
        #expect(try a.subtracting(b) == a - b)
        #expect(try a.multiplied(by: 4) == Amount(parsing: "6 GRID"))
        #expect(try a.multiplied(by: -2) == Amount(parsing: "-3 GRID"))
        #expect(try a.negated() == Amount(parsing: "-1.5 GRID"))
        #expect(try Amount.zero.negated() == .zero)
    }

    @Test func arithmeticOverflowThrowsInsteadOfTrapping() throws {
        let max = Amount(baseUnits: .max)
        let min = Amount(baseUnits: .min)
        let one = Amount(baseUnits: 1)
        #expect(throws: AmountError.overflow("")) { try max + one }
        #expect(throws: AmountError.overflow("")) { try min - one }
        #expect(throws: AmountError.overflow("")) { try min + Amount(baseUnits: -1) }
        #expect(throws: AmountError.overflow("")) { try max - Amount(baseUnits: -1) }
        #expect(throws: AmountError.overflow("")) { try max.multiplied(by: 2) }
        #expect(throws: AmountError.overflow("")) { try min.multiplied(by: -1) }
        #expect(throws: AmountError.overflow("")) { try min.negated() }
        #expect(try max.negated() == Amount(baseUnits: -Int128.max))
        #expect(try max - max == .zero)
        #expect(try min + max == Amount(baseUnits: -1))
        do {
            _ = try max + one
            Issue.record("max + 1 did not overflow")
        } catch {
            #expect(error.message.contains("overflows"))
            #expect(error.message.contains("170141183460469231731.687303715884105727 GRID"))
        }
    }

    @Test func scalingRoundsAsAsked() throws {
        let seven = Amount(baseUnits: 7)
        #expect(try seven.multiplied(by: 1, dividedBy: 2, rounding: .down) == Amount(baseUnits: 3))
        #expect(try seven.multiplied(by: 1, dividedBy: 2, rounding: .up) == Amount(baseUnits: 4))
        #expect(try seven.multiplied(by: -1, dividedBy: 2, rounding: .down) == Amount(baseUnits: -4))
        #expect(try seven.multiplied(by: -1, dividedBy: 2, rounding: .up) == Amount(baseUnits: -3))
        let minusSeven = Amount(baseUnits: -7)
        #expect(try minusSeven.multiplied(by: 1, dividedBy: 2, rounding: .down) == Amount(baseUnits: -4))
        #expect(try minusSeven.multiplied(by: -1, dividedBy: 2, rounding: .up) == Amount(baseUnits: 4))
        #expect(try seven.multiplied(by: 2, dividedBy: 7, rounding: .up) == Amount(baseUnits: 2))
        #expect(try seven.multiplied(by: 0, dividedBy: 3, rounding: .up) == .zero)
        #expect(try Amount.zero.multiplied(by: -5, dividedBy: 3, rounding: .down) == .zero)
    }

    @Test func scalingUsesFullWidthIntermediate() throws {
        let huge = Amount(baseUnits: Int128.max / 2)
        // huge × 10^18 needs ~186 bits; the quotient fits.
        #expect(try huge.multiplied(by: Self.oneGRID, dividedBy: Self.oneGRID, rounding: .down) == huge)
        let max = Amount(baseUnits: .max)
        let min = Amount(baseUnits: .min)
        #expect(try max.multiplied(by: .max, dividedBy: .max, rounding: .down) == max)
        #expect(try min.multiplied(by: .max, dividedBy: .max, rounding: .down) == min)
        #expect(try min.multiplied(by: 1, dividedBy: 1, rounding: .up) == min)
        #expect(try max.multiplied(by: -1, dividedBy: 1, rounding: .up) == Amount(baseUnits: -Int128.max))
        #expect(try max.multiplied(by: 3, dividedBy: 4, rounding: .down) == Amount(baseUnits: Int128.max / 4 * 3 + (Int128.max % 4) * 3 / 4))
        #expect(try min.multiplied(by: 1, dividedBy: 2, rounding: .down) == Amount(baseUnits: Int128.min / 2))
        // A price of 3 base units per fuel times 10^30 fuel, in 1/1000 shares.
        let price = Amount(baseUnits: 3)
        #expect(try price.multiplied(by: 1_000_000_000_000_000_000_000_000_000_000, dividedBy: 1000, rounding: .down)
            == Amount(baseUnits: 3_000_000_000_000_000_000_000_000_000))
    }

    @Test func scalingOverflowAndBadDenominatorsThrow() throws {
        let max = Amount(baseUnits: .max)
        let min = Amount(baseUnits: .min)
        #expect(throws: AmountError.overflow("")) { try max.multiplied(by: 2, dividedBy: 1, rounding: .down) }
        #expect(throws: AmountError.overflow("")) { try max.multiplied(by: .max, dividedBy: 2, rounding: .down) }
        #expect(throws: AmountError.overflow("")) { try min.multiplied(by: -1, dividedBy: 1, rounding: .down) }
        #expect(throws: AmountError.overflow("")) { try min.multiplied(by: 3, dividedBy: 2, rounding: .down) }
        // (2^128 - 1) / 3 × 3 / 2 = Int128.max + 1/2: down fits, up is one past the range.
        let third = Amount(baseUnits: Int128(UInt128.max / 3))
        #expect(try third.multiplied(by: 3, dividedBy: 2, rounding: .down) == max)
        #expect(throws: AmountError.overflow("")) { try third.multiplied(by: 3, dividedBy: 2, rounding: .up) }
        // Negated, it is Int128.min - 1/2: up fits, down reaches exactly Int128.min, and no further.
        #expect(try third.multiplied(by: -3, dividedBy: 2, rounding: .up) == Amount(baseUnits: -Int128.max))
        #expect(try third.multiplied(by: -3, dividedBy: 2, rounding: .down) == min)
        #expect(throws: AmountError.overflow("")) { try third.multiplied(by: -3, dividedBy: 1, rounding: .down) }
        #expect(throws: AmountError.nonPositiveDenominator(0)) { try max.multiplied(by: 1, dividedBy: 0, rounding: .down) }
        #expect(throws: AmountError.nonPositiveDenominator(0)) { try max.multiplied(by: 1, dividedBy: -3, rounding: .up) }
        do {
            _ = try max.multiplied(by: 1, dividedBy: -3, rounding: .up)
            Issue.record("a negative denominator was accepted")
        } catch {
            #expect(error.message.contains("-3"))
            #expect(error.message.contains("greater than 0"))
        }
    }

    @Test func codesAsJSONStringOfBaseUnits() throws {
        let amount = try Amount(parsing: "1.5 GRID")
        let data = try JSONEncoder().encode(amount)
        #expect(String(decoding: data, as: UTF8.self) == "\"1500000000000000000\"")
        #expect(try JSONDecoder().decode(Amount.self, from: data) == amount)
        for value in [Amount(baseUnits: .max), Amount(baseUnits: .min), .zero, Amount(baseUnits: -3)] {
            #expect(try JSONDecoder().decode(Amount.self, from: JSONEncoder().encode(value)) == value)
        }
        struct Wrapper: Codable, Equatable { var price: Amount }
        let wrapped = Wrapper(price: Amount(baseUnits: 42))
        #expect(try JSONDecoder().decode(Wrapper.self, from: JSONEncoder().encode(wrapped)) == wrapped)
    }

    @Test(arguments: ["1500000000000000000", "1.5", "\"1.5\"", "\"1.5 GRID\"", "\"abc\"", "\"\"", "\" 1\"", "\"+1\"", "true", "null",
                      "\"170141183460469231731687303715884105728\"", "[\"1\"]", "\"007\"", "\"00\"", "\"-0\"", "\"-01\""])
    func decodingRejectsAnythingButABaseUnitString(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Amount.self, from: Data(json.utf8)) }
    }

    @Test func decodingErrorsSayWhatIsExpected() throws {
        do {
            _ = try JSONDecoder().decode(Amount.self, from: Data("1500000000000000000".utf8))
            Issue.record("a JSON number decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("JSON string of integer base units"))
        }
        do {
            _ = try JSONDecoder().decode(Amount.self, from: Data("\"1.5\"".utf8))
            Issue.record("a fraction decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("'1.5'"))
            #expect(context.debugDescription.contains("integer base units"))
        }
    }
}
