import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Stores closed epochs; one stored already is kept as it was.
    static func insertPriceEpochs(_ epochs: [PriceEpochRecord], on database: any SQLDatabase) async throws {
        for epoch in epochs {
            try await database.insert(into: "price_epochs")
                .columns("epoch", "demand", "supply", "demand_multiplier", "closed_at")
                .values(
                    SQLBind(epoch.epoch), SQLBind(StoredValue.bits(epoch.demand)), SQLBind(StoredValue.bits(epoch.supply)),
                    SQLBind(String(epoch.demandMultiplier.partsPerTrillion)),
                    SQLBind(try StoredValue.milliseconds(epoch.closedAt, field: "closedAt")))
                .ignoringConflicts(with: ["epoch"])
                .run()
        }
    }

    public func priceEpochs(before epoch: Int64?, limit: Int) async throws -> [PriceEpochRecord] {
        try await read { database in
            var query = database.select().columns("epoch", "demand", "supply", "demand_multiplier", "closed_at").from("price_epochs")
            if let epoch { query = query.where("epoch", .lessThan, epoch) }
            return try await query.orderBy("epoch", .descending).limit(limit).all().map { row in
                let stored = StoredRow(row: row, table: "price_epochs")
                let text = try stored.string("demand_multiplier")
                guard let parts = Int128(text), let multiplier = try? DemandMultiplier(partsPerTrillion: parts) else {
                    throw StoreError.corruptRow(table: "price_epochs", column: "demand_multiplier", detail: "'\(text)' is not a demand multiplier in parts per trillion")
                }
                return PriceEpochRecord(
                    epoch: try stored.int64("epoch"), demand: try stored.uint64("demand"), supply: try stored.uint64("supply"),
                    demandMultiplier: multiplier, closedAt: try stored.date("closed_at"))
            }
        }
    }
}
