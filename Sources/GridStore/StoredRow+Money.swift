import GridCore

extension StoredRow {
    /// An amount stored as a decimal string of base units.
    func amount(_ column: String) throws(StoreError) -> Amount {
        let text = try string(column)
        guard let units = Int128(text) else {
            throw .corruptRow(table: table, column: column, detail: "'\(text)' is not a decimal integer of base units")
        }
        return Amount(baseUnits: units)
    }

    func optionalString(_ column: String) throws(StoreError) -> String? {
        try isNull(column) ? nil : try string(column)
    }
}
