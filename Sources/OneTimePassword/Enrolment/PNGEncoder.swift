/// A minimal PNG writer, so QR images need no zlib or image library.
///
/// The image is 1 bit per pixel, each row is filtered against the row above (PNG filter Up, so the
/// rows that repeat a module become zeros), and the deflate stream uses the fixed Huffman code with
/// runs of the previous byte as its only matches (RFC 1951 sections 3.2.5-3.2.6). An enrolment
/// image with a long URI is about 8 KB at the default scale, where 8-bit stored blocks took over
/// 200 KB. Tests inflate the output with Python's zlib and decode it with zbarimg.
enum PNGEncoder {
    /// Encodes a black-and-white image (row-major, `true` is black) as a 1-bit grayscale PNG.
    static func blackAndWhite(width: Int, height: Int, isBlack: (_ x: Int, _ y: Int) -> Bool) -> [UInt8] {
        precondition(width > 0 && height > 0, "the image needs pixels")
        let rowBytes = (width + 7) / 8
        var previous = [UInt8](repeating: 0, count: rowBytes)
        var row = [UInt8](repeating: 0xFF, count: rowBytes)
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity(height * (rowBytes + 1))
        for y in 0..<height {
            for index in row.indices { row[index] = 0xFF }
            for x in 0..<width where isBlack(x, y) {
                row[x / 8] &= ~(0x80 >> UInt8(x % 8))  // 0 is black in grayscale.
            }
            // Filter type Up: each byte minus the one above it. A QR module repeats its row
            // moduleSize times, and a repeated row filters to zeros, one long run for the deflater.
            scanlines.append(2)
            for index in row.indices { scanlines.append(row[index] &- previous[index]) }
            swap(&row, &previous)
        }
        // Bit depth 1, colour type 0 (grayscale), deflate, standard filtering, no interlacing.
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [1, 0, 0, 0, 0]
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        return signature + chunk("IHDR", header) + chunk("IDAT", zlibRuns(scanlines)) + chunk("IEND", [])
    }

    /// A zlib stream (RFC 1950) of one fixed-Huffman deflate block whose matches all have distance 1.
    static func zlibRuns(_ data: [UInt8]) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE 01: fixed Huffman codes.
        var index = 0
        while index < data.count {
            var run = 0
            if index > 0 {
                while run < 258, index + run < data.count, data[index + run] == data[index - 1] { run += 1 }
            }
            if run >= 3 {
                writeLength(run, &bits)
                bits.writeHuffman(0, count: 5)  // Distance code 0: distance 1, no extra bits.
                index += run
            } else {
                writeSymbol(Int(data[index]), &bits)
                index += 1
            }
        }
        writeSymbol(256, &bits)  // End of block.
        // CMF 0x78: deflate with a 32 KB window; FLG 0x01 makes 0x7801 a multiple of 31 as required.
        return [0x78, 0x01] + bits.finished + bigEndian(adler32(data))
    }

    /// A literal/length symbol in the fixed Huffman code (RFC 1951 section 3.2.6).
    private static func writeSymbol(_ symbol: Int, _ bits: inout BitWriter) {
        switch symbol {
        case 0...143: bits.writeHuffman(0x30 + symbol, count: 8)
        case 144...255: bits.writeHuffman(0x190 + symbol - 144, count: 9)
        case 256...279: bits.writeHuffman(symbol - 256, count: 7)
        default: bits.writeHuffman(0xC0 + symbol - 280, count: 8)
        }
    }

    private static let lengthBases = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtraBits = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]

    /// A match length 3...258: its length symbol (257...285) and extra bits.
    private static func writeLength(_ length: Int, _ bits: inout BitWriter) {
        let code = lengthBases.lastIndex { $0 <= length }!
        writeSymbol(257 + code, &bits)
        bits.write(length - lengthBases[code], count: lengthExtraBits[code])
    }

    /// Deflate's bit order: data elements least significant bit first, Huffman codes most
    /// significant bit first.
    private struct BitWriter {
        var bytes: [UInt8] = []
        private var current: UInt8 = 0
        private var used = 0

        mutating func write(_ value: Int, count: Int) {
            for bit in 0..<count { append(value >> bit & 1) }
        }

        mutating func writeHuffman(_ code: Int, count: Int) {
            for bit in (0..<count).reversed() { append(code >> bit & 1) }
        }

        private mutating func append(_ bit: Int) {
            current |= UInt8(bit) << UInt8(used)
            used += 1
            if used == 8 {
                bytes.append(current)
                current = 0
                used = 0
            }
        }

        /// The bytes with the last partial byte padded with zeros.
        var finished: [UInt8] { used == 0 ? bytes : bytes + [current] }
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// Built once on first use; a static let is initialised lazily and thread-safely.
    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc32(typeAndData))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
