/// Where a stream's input comes from: a fill of a buffer that is started, then finished.
///
/// Splitting the fill lets `ReadAheadSource` copy the next input out of the page cache on another
/// core while the cipher works on the current one; `CallbackSource` fills when it is finished.
protocol StreamSource {
    /// Starts filling `buffer`; at most one fill is outstanding.
    mutating func begin(_ buffer: UnsafeMutableRawBufferPointer)

    /// Waits for the outstanding fill and returns how many bytes it wrote: short only at the end
    /// of the input, and 0 when no fill is outstanding.
    mutating func end() throws -> Int
}

extension StreamSource {
    /// Fills `buffer` from `read`, which may return short counts (pipes); short only at the end.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer, read: (UnsafeMutableRawBufferPointer) throws -> Int)
        throws -> Int
    {
        var filled = 0
        while filled < buffer.count {
            let count = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            // A negative count is a read error, never the end of the input: treating it as the
            // end would silently truncate an encrypted stream.
            guard count >= 0, count <= buffer.count - filled else {
                throw CryptoError(.invalidParameter, "the read callback returned \(count)")
            }
            guard count > 0 else { break }
            filled += count
        }
        return filled
    }
}
