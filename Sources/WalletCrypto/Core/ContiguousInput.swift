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
        let regions = data.regions
        if regions.count == 1, let only = regions.first {
            return try only.withUnsafeBytes(body)
        }
        return try Array(data).withUnsafeBytes(body)
    }
}
