/// A minimal PNG writer, so QR images need no zlib or image library.
///
/// The pixel data is stored, not compressed: deflate's stored blocks are trivial to write correctly
/// and a QR image is small enough that compression is not worth a dependency.
enum PNGEncoder {
    /// Encodes `pixels` (row-major, one byte per pixel, 0 black to 255 white) as a PNG.
    static func grayscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "pixel count must match size")
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity(height * (width + 1))
        for row in 0..<height {
            scanlines.append(0)  // Filter type None: filtering only helps compression, which we skip.
            scanlines += pixels[row * width..<(row + 1) * width]
        }
        // Bit depth 8, colour type 0 (grayscale), deflate, standard filtering, no interlacing.
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0]
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        return signature + chunk("IHDR", header) + chunk("IDAT", zlibStored(scanlines)) + chunk("IEND", [])
    }

    /// A zlib stream (RFC 1950) holding `data` in stored deflate blocks (RFC 1951, section 3.2.4).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        // CMF 0x78: deflate with a 32 KB window; FLG 0x01 makes 0x7801 a multiple of 31 as required.
        var stream: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(data.count - offset, Int(UInt16.max))
            let length = UInt16(count)
            stream.append(offset + count == data.count ? 1 : 0)  // BFINAL on the last block, BTYPE 00.
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += data[offset..<offset + count]
            offset += count
        } while offset < data.count
        return stream + bigEndian(adler32(data))
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
