import Foundation
import GridCore
import Testing

@Suite struct PricePerFuelTests {
    private func price(_ exafuel: Int128) throws -> PricePerFuel {
        try PricePerFuel(baseUnitsPerExafuel: exafuel)
    }

    @Test func wholeBaseUnitsPerFuelScaleBy10To18() throws {
        let one = try PricePerFuel(perFuel: Amount(baseUnits: 1))
        #expect(one.baseUnitsPerExafuel == 1_000_000_000_000_000_000)
        #expect(try one.cost(fuel: 12_345) == Amount(baseUnits: 12_345))
        #expect(try PricePerFuel(perFuel: .zero) == .zero)
        #expect(one.description == "1 base units per fuel")
    }

    @Test func aTaskOf10To9FuelAt10To6PerFuelCosts10To15() throws {
        let price = try PricePerFuel(perFuel: Amount(baseUnits: 1_000_000))
        #expect(try price.cost(fuel: 1_000_000_000) == Amount(baseUnits: 1_000_000_000_000_000))
    }

    @Test func fractionsOfABaseUnitPerFuelAreExact() throws {
        let thousandth = try PricePerFuel(Amount(baseUnits: 1), per: 1000, rounding: .down)
        #expect(thousandth.baseUnitsPerExafuel == 1_000_000_000_000_000)
        #expect(thousandth.description == "0.001 base units per fuel")
        #expect(try thousandth.cost(fuel: 999) == .zero)
        #expect(try thousandth.cost(fuel: 1000) == Amount(baseUnits: 1))
        #expect(try thousandth.cost(fuel: 1999) == Amount(baseUnits: 1))
        #expect(try thousandth.cost(fuel: 10_000_000_000_000) == Amount(baseUnits: 10_000_000_000))
    }

    @Test func costRoundsDownSoNoBaseUnitIsCreated() throws {
        let thirdDown = try PricePerFuel(Amount(baseUnits: 1), per: 3, rounding: .down)
        let thirdUp = try PricePerFuel(Amount(baseUnits: 1), per: 3, rounding: .up)
        #expect(thirdDown.baseUnitsPerExafuel == 333_333_333_333_333_333)
        #expect(thirdUp.baseUnitsPerExafuel == 333_333_333_333_333_334)
        // 3 × 0.333…333 = 0.999…999: rounds down to 0, never up to 1.
        #expect(try thirdDown.cost(fuel: 3) == .zero)
        #expect(try thirdUp.cost(fuel: 3) == Amount(baseUnits: 1))
        #expect(try thirdDown.cost(fuel: 3_000_000_000_000_000_000) == Amount(baseUnits: 999_999_999_999_999_999))
        #expect(try thirdDown.cost(fuel: 0) == .zero)
    }

    @Test func theLargestPriceTimesTheLargestFuelIsExactUntilItOverflows() throws {
        let most = try price(.max)
        // Int128.max × 10^13 ÷ 10^18 still fits: the product is kept at 256 bits.
        #expect(try most.cost(fuel: 10_000_000_000_000) == Amount(baseUnits: Int128.max / 100_000))
        let error = #expect(throws: PricingError.self) { try most.cost(fuel: .max) }
        #expect(error?.field == "fuel")
        #expect(error == .overflow(field: "", operation: ""))
    }

    @Test func negativeAndAbsurdPricesAreRefused() {
        #expect(throws: PricingError.negative(field: "", value: "")) { try PricePerFuel(baseUnitsPerExafuel: -1) }
        let negative = #expect(throws: PricingError.self) { try PricePerFuel(perFuel: Amount(baseUnits: -5)) }
        #expect(negative?.field == "perFuel")
        #expect(negative?.message == "'perFuel' is -5: it must be 0 or more")
        let tooLarge = #expect(throws: PricingError.self) { try PricePerFuel(perFuel: Amount(baseUnits: .max)) }
        #expect(tooLarge == .overflow(field: "", operation: ""))
        #expect(tooLarge?.field == "perFuel")
        let noFuel = #expect(throws: PricingError.self) { try PricePerFuel(Amount(baseUnits: 1), per: 0, rounding: .down) }
        #expect(noFuel?.field == "fuel")
        #expect(throws: PricingError.self) { try PricePerFuel(Amount(baseUnits: .max), per: 1, rounding: .down) }
    }

    @Test func maximumCostIsPerReplicaRoundedDownTimesReplicasTimesTasks() throws {
        let price = try PricePerFuel(perFuel: Amount(baseUnits: 1_000_000))
        #expect(try price.maximumCost(fuelLimit: 10_000_000_000, replicas: 3, tasks: 1000)
                == Amount(baseUnits: 30_000_000_000_000_000_000))
        // A third of a base unit per fuel, 10 fuel: each replica is charged ⌊3.33⌋ = 3, so
        // escrow holds 3 × 2 × 5 = 30, not ⌊100 / 3⌋ = 33.
        let third = try PricePerFuel(Amount(baseUnits: 1), per: 3, rounding: .down)
        #expect(try third.maximumCost(fuelLimit: 10, replicas: 2, tasks: 5) == Amount(baseUnits: 30))
        #expect(try PricePerFuel.zero.maximumCost(fuelLimit: 1, replicas: 1, tasks: 1) == .zero)
    }

    @Test(arguments: [
        ("fuelLimit", UInt64(0), 1, 1),
        ("replicas", UInt64(1), 0, 1),
        ("replicas", UInt64(1), -2, 1),
        ("tasks", UInt64(1), 1, 0),
        ("tasks", UInt64(1), 1, -1),
    ] as [(String, UInt64, Int, Int)])
    func maximumCostRefusesCountsBelowOne(field: String, fuelLimit: UInt64, replicas: Int, tasks: Int) throws {
        let price = try PricePerFuel(perFuel: Amount(baseUnits: 1))
        let error = #expect(throws: PricingError.self) {
            try price.maximumCost(fuelLimit: fuelLimit, replicas: replicas, tasks: tasks)
        }
        #expect(error == .notPositive(field: "", value: ""))
        #expect(error?.field == field)
    }

    @Test func maximumCostOverflowNamesTheFieldThatTippedIt() throws {
        let most = try price(.max)
        let replicas = #expect(throws: PricingError.self) {
            try most.maximumCost(fuelLimit: 10_000_000_000_000, replicas: .max, tasks: 1)
        }
        #expect(replicas?.field == "replicas")
        let perFuel = try PricePerFuel(perFuel: Amount(baseUnits: 1_000_000))
        // 10^19 per replica × 10^9 replicas fits; × 10^11 tasks is 10^39 > Int128.max.
        let tasks = #expect(throws: PricingError.self) {
            try perFuel.maximumCost(fuelLimit: 10_000_000_000_000, replicas: 1_000_000_000, tasks: 100_000_000_000)
        }
        #expect(tasks?.field == "tasks")
        #expect(tasks?.message.contains("lower 'tasks'") == true)
        let fuel = #expect(throws: PricingError.self) {
            try most.maximumCost(fuelLimit: .max, replicas: 1, tasks: 1)
        }
        #expect(fuel?.field == "fuel")
    }

    @Test func addingAndScalingByAMultiplier() throws {
        let a = try price(1_000_000)
        let b = try price(2_500_000)
        #expect(try a.adding(b) == price(3_500_000))
        let sum = #expect(throws: PricingError.self) { try self.price(.max).adding(a) }
        #expect(sum?.field == "bid")
        let up = try DemandMultiplier(partsPerTrillion: 1_050_000_000_000)
        #expect(try price(1_000_000_000).multiplied(by: up) == price(1_050_000_000))
        // 7 × 1.05 = 7.35: rounded down to 7.
        #expect(try price(7).multiplied(by: up) == price(7))
        let twice = try DemandMultiplier(partsPerTrillion: 2_000_000_000_000)
        let scaled = #expect(throws: PricingError.self) { try self.price(.max).multiplied(by: twice) }
        #expect(scaled?.field == "demandMultiplier")
    }

    @Test func codesAsAStringOfBaseUnitsPerExafuel() throws {
        let price = try PricePerFuel(baseUnitsPerExafuel: 333_333_333_333_333_333_333)
        let json = try JSONEncoder().encode(price)
        #expect(String(decoding: json, as: UTF8.self) == #""333333333333333333333""#)
        #expect(try JSONDecoder().decode(PricePerFuel.self, from: json) == price)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PricePerFuel.self, from: Data("1000".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PricePerFuel.self, from: Data(#""-1""#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PricePerFuel.self, from: Data(#""1.5""#.utf8)) }
    }

    @Test func ordersByValue() throws {
        #expect(try price(1) < price(2))
        #expect(PricePerFuel.zero < (try price(1)))
    }

    @Test func aPriceParsesAsPeopleWriteItAndAsItPrints() throws {
        func parsed(_ text: String) throws -> Int128 { try PricePerFuel(parsing: text, field: "cap").baseUnitsPerExafuel }
        #expect(try parsed("2000000") == 2_000_000 * PricePerFuel.fuelScale)
        #expect(try parsed("0.5") == PricePerFuel.fuelScale / 2)
        #expect(try parsed("0.000000000000000001") == 1)
        #expect(try parsed("0") == 0)
        #expect(try parsed("0.0000000000000007 GRID") == 700 * PricePerFuel.fuelScale)
        #expect(try parsed("1grid") == PricePerFuel.maximumParsed.baseUnitsPerExafuel)
        // Whatever `description` prints reads back as the same price.
        for exafuel: Int128 in [0, 1, 1_234_567_890_123_456_789, 2_000_000 * PricePerFuel.fuelScale + 5] {
            let price = try PricePerFuel(baseUnitsPerExafuel: exafuel)
            #expect(try PricePerFuel(parsing: price.description, field: "cap") == price)
        }
    }

    @Test(arguments: [
        ("-5", "'cap' is -5: it must be 0 or more"),
        ("", "'cap' is '': expected a price per fuel"),
        ("1e5", "'cap' is '1e5': expected a price per fuel"),
        ("1,000", "'cap' is '1,000': expected a price per fuel"),
        (" 5", "'cap' is ' 5': expected a price per fuel"),
        ("5.", "'cap' is '5.': expected a price per fuel"),
        ("GRID", "'cap' is 'GRID': expected a price per fuel"),
        ("0.0000000000000000001", "expected at most 18 digits after the point"),
        ("1.0000000000000000000000000000000000001 GRID", "expected at most 36 digits after the point"),
        ("1.000000000000000000000000000000000001 GRID", "'cap' is 1.000000000000000000000000000000000001 GRID: a price per fuel is at most 1 GRID"),
        ("99999999999999999999999999999999999999999", "a price per fuel is at most 1 GRID"),
    ])
    func aBadPriceIsRefusedNamingTheField(text: String, message: String) {
        #expect(throws: PricingError.self) { try PricePerFuel(parsing: text, field: "cap") }
        do {
            _ = try PricePerFuel(parsing: text, field: "cap")
        } catch {
            #expect(error.field == "cap")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
