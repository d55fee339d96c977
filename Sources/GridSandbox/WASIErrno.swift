/// WASI preview 1 error numbers the host answers with.
enum WASIErrno: UInt32, Error {
    case success = 0
    case badf = 8
    case fault = 21
    case inval = 28
}
