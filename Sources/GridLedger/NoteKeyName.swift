/// The rules signed-note places on key names.
enum NoteKeyName {
    /// Non-empty, with no Unicode space and no `+`.
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "+" || $0.value < 0x20 }
    }
}
