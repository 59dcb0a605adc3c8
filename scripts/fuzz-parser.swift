// The libFuzzer entry point of scripts/fuzz-parser: lexes and parses arbitrary bytes,
// which may only ever end in a diagnostic. Not part of the package: the script
// compiles it with the DataModel and Interpreter sources as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Parser.parse(Source(name: "fuzz.pop", text: text))
    return 0
}
