/// A failure that makes a row's figures meaningless: an OpenSSL call refused, or the two sides disagree.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// Throws unless both sides produced the same bytes; a row must compare the same work.
    static func expectSame(_ wallet: [UInt8], _ direct: [UInt8], _ what: String) throws {
        guard wallet == direct else {
            throw BenchError("\(what): WalletCrypto and direct OpenSSL produced different output")
        }
    }

    /// Throws when an OpenSSL call did not return 1.
    static func check(_ result: Int32, _ call: String) throws {
        guard result == 1 else { throw BenchError("\(call) failed") }
    }
}
