/// Splitting a batch of values into statements: ranges whose lengths are powers of two up to 256,
/// so a handful of prepared statements serve a batch of any size, and the `?` lists for them.
enum SQLBatch {
    /// Consecutive ranges covering `0..<count`, each at most 256 long and a power of two long, so
    /// a handful of prepared statements serve batches of any size.
    static func chunks(_ count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < count {
            var size = 256
            while size > count - start { size /= 2 }
            ranges.append(start..<(start + size))
            start += size
        }
        return ranges
    }

    /// `?, ?, ...` for `count` values.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
