import Foundation

/// Presents any `DataProtocol` input to OpenSSL as contiguous bytes.
///
/// Single-region inputs (arrays, `Data`, slices) are lent in place; discontiguous inputs such as
/// `DispatchData` are flattened into one temporary array first.
@usableFromInline
enum ContiguousInput {
    @inlinable
    static func with<R>(
        _ data: some DataProtocol, _ body: (UnsafeRawBufferPointer) throws -> R
    ) rethrows -> R {
        // Arrays and their slices lend their storage directly; this skips copying `regions`.
        if let result = try data.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        let regions = data.regions
        if regions.count == 1, let only = regions.first {
            return try only.withUnsafeBytes(body)
        }
        return try Array(data).withUnsafeBytes(body)
    }
}
