// The fields of each request body the API decodes, as its Codable conformance reads them.

extension TaskInput: KnownJSONFields {
    public static let jsonShape = JSONShape.object(["stdin": .value, "stdinBlob": .value, "arguments": .value])
}

extension Limits: KnownJSONFields {
    public static let jsonShape = JSONShape.object(
        ["fuel": .value, "memoryBytes": .value, "wallClockMilliseconds": .value, "outputBytes": .value])
}

extension JobSubmission: KnownJSONFields {
    public static let jsonShape = JSONShape.object([
        "module": .value, "tasks": .array(TaskInput.jsonShape), "limits": Limits.jsonShape, "replicas": .value, "seed": .value,
        "deadlineSeconds": .value, "maxPricePerFuel": .value, "waitForPrice": .value,
    ])
}

extension NewAccount: KnownJSONFields {
    public static let jsonShape = JSONShape.object(["name": .value, "role": .value])
}

extension NewDeposit: KnownJSONFields {
    public static let jsonShape = JSONShape.object(["amount": .value, "memo": .value])
}

extension CharityDirection: KnownJSONFields {
    public static let jsonShape = JSONShape.object(["charity": .value, "partsPerMillion": .value])
}
