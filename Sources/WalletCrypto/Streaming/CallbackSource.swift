/// A `StreamSource` that fills on the calling thread from a read callback.
struct CallbackSource: StreamSource {
    private let read: (UnsafeMutableRawBufferPointer) throws -> Int
    private var pending: UnsafeMutableRawBufferPointer?

    init(_ read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) { self.read = read }

    mutating func begin(_ buffer: UnsafeMutableRawBufferPointer) { pending = buffer }

    mutating func end() throws -> Int {
        guard let buffer = pending else { return 0 }
        pending = nil
        return try Self.fill(buffer, read: read)
    }
}
