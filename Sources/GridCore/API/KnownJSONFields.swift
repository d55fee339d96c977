/// A request body that names its fields, so the API can refuse ones it does not know.
public protocol KnownJSONFields {
    /// Its fields, nested ones included.
    static var jsonShape: JSONShape { get }
}
