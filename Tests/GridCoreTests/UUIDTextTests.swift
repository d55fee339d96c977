import Foundation
import GridCore
import Testing

@Suite struct UUIDTextTests {
    @Test func agreesWithFoundationBothWays() {
        for _ in 0..<2_000 {
            let uuid = UUID()
            let text = UUIDText.format(uuid)
            #expect(text == uuid.uuidString.lowercased())
            #expect(UUIDText.parse(text) == uuid)
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
        }
        for edge in ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "FFFFFFFF-0000-aBcD-9999-0123456789Ab"] {
            #expect(UUIDText.parse(edge) == UUID(uuidString: edge))
            #expect(UUIDText.parse(edge).map(UUIDText.format) == edge.lowercased())
        }
    }

    @Test(arguments: [
        "", "nope", "6f1c2a4e-8b3d-4c5e-9f00-1a2b3c4d5e6", "6f1c2a4e-8b3d-4c5e-9f00-1a2b3c4d5e6f0",
        "6f1c2a4e8b3d-4c5e-9f00-1a2b3c4d5e6f0", "6f1c2a4e-8b3d-4c5e-9f00+1a2b3c4d5e6f", "6f1c2a4g-8b3d-4c5e-9f00-1a2b3c4d5e6f",
        " 6f1c2a4e-8b3d-4c5e-9f00-1a2b3c4d5e6", "6f1c2a4e-8b3d-4c5e-9f00-1a2b3c4d5e6é",
    ])
    func refusesAnythingButTheCanonicalForm(text: String) {
        #expect(UUIDText.parse(text) == nil)
    }

    @Test func stricterThanFoundationAboutBlanks() {
        // Foundation's sscanf-based parser lets `%x` skip a blank inside a group; identifiers
        // with blanks are refused here.
        let blank = "6f1c2a4e-8b3d-4c5e-9f00- 1a2b3c4d5e6"
        #expect(UUID(uuidString: blank) != nil)
        #expect(UUIDText.parse(blank) == nil)
    }

    @Test func randomIdsAreVersion4AndDoNotRepeat() {
        var seen = Set<UUID>()
        for _ in 0..<10_000 {
            let uuid = UUIDText.random()
            let text = UUIDText.format(uuid)
            // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx, as Foundation reads it.
            #expect(Array(text)[14] == "4" && "89ab".contains(Array(text)[19]))
            #expect(UUID(uuidString: text) == uuid)
            seen.insert(uuid)
        }
        #expect(seen.count == 10_000)
    }

    @Test func theLedgersLowercaseOnlyFormRefusesCapitals() {
        var upper = "6F1C2A4E-8B3D-4C5E-9F00-1A2B3C4D5E6F"
        var lower = upper.lowercased()
        #expect(upper.withUTF8 { UUIDText.parse(utf8: $0) } != nil)
        #expect(upper.withUTF8 { UUIDText.parse(utf8: $0, lowercaseOnly: true) } == nil)
        #expect(lower.withUTF8 { UUIDText.parse(utf8: $0, lowercaseOnly: true) } == UUIDText.parse(upper))
    }
}
