import Foundation
import FoundationXML
import OneTimePassword
import TestSupport
import Testing

private let shortURI = "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
private let unicodeURI =
    "otpauth://totp/Bank%20%E4%B8%AD:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Bank%20%E4%B8%AD"
private let longURI =
    "otpauth://totp/ACME%20Co%20%E2%80%94%20Staging%20Cluster%20%28eu-west-1%29:alice.o%27neil%2Bsecurity%40example.com"
    + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co%20%E2%80%94%20Staging"
    + "%20Cluster%20%28eu-west-1%29&algorithm=SHA512&digits=8&period=60&image=https%3A%2F%2Fexample.com%2Flogo.png"

private let zbarimg = "/usr/bin/zbarimg"

/// Decodes a PNG with the real zbarimg; fails (never skips) when zbar-tools is missing.
///
/// With `binary`, zbar returns the payload bytes untouched and adds no newline; without it, zbar guesses a
/// character set for non-ASCII bytes (it reads raw UTF-8 "中" as Shift-JIS), which is fine for ASCII URIs.
private func decode(_ png: [UInt8], binary: Bool = false) throws -> [UInt8] {
    try #require(FileManager.default.isExecutableFile(atPath: zbarimg), "zbarimg missing: install zbar-tools")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png")
    try Data(png).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: zbarimg)
    process.arguments = ["-q", "--raw"] + (binary ? ["-Sbinary"] : []) + [file.path]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let diagnostics = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "zbarimg found no symbol: \(diagnostics)")
    var bytes = [UInt8](data)
    if !binary && bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
    return bytes
}

private func decode(_ png: [UInt8]) throws -> String {
    String(decoding: try decode(png, binary: false), as: UTF8.self)
}

private func darkCells(_ code: QRCode) -> Set<[Int]> {
    var cells: Set<[Int]> = []
    for row in 0..<code.size {
        for column in 0..<code.size where code.isDark(row: row, column: column) {
            cells.insert([row, column])
        }
    }
    return cells
}

/// Independent of the encoder's table: the bitwise definition of PNG's CRC-32.
private func bitwiseCRC32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0)
        }
    }
    return ~crc
}

private func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
}

private final class SVGAttributes: NSObject, XMLParserDelegate {
    var elements: [String: [String: String]] = [:]

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements[elementName] = attributes
    }
}

@Suite struct QRCodeTests {
    @Test(arguments: [shortURI, unicodeURI, longURI])
    func pngDecodesToTheInput(uri: String) throws {
        let code = try QRCode(encoding: uri)
        #expect(try decode(code.png()) == uri)
    }

    @Test func rawUTF8IsEncodedByteForByte() throws {
        let uri = "otpauth://totp/Bank%20中:李?secret=JBSWY3DPEHPK3PXP&issuer=Bank%20中"
        let code = try QRCode(encoding: uri)
        #expect(try decode(code.png(), binary: true) == Array(uri.utf8))
    }

    /// zbar cannot read one pixel per module, even from qrencode's own PNGs, so 2 is the smallest scale tested.
    @Test(arguments: [2, 3])
    func smallModulesStillDecode(moduleSize: Int) throws {
        let code = try QRCode(encoding: shortURI, correction: .low)
        #expect(try decode(code.png(moduleSize: moduleSize)) == shortURI)
    }

    @Test(arguments: [QRCode.Correction.low, .medium, .quartile, .high])
    func everyCorrectionLevelDecodes(correction: QRCode.Correction) throws {
        let code = try QRCode(encoding: longURI, correction: correction)
        #expect(try decode(code.png(moduleSize: 4)) == longURI)
    }

    @Test func svgIsXMLAndCoversExactlyTheDarkModules() throws {
        let code = try QRCode(encoding: longURI)
        let svg = code.svg(moduleSize: 5, quietZone: 4)
        let attributes = SVGAttributes()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = attributes
        #expect(parser.parse())
        let span = code.size + 8
        let root = try #require(attributes.elements["svg"])
        #expect(root["width"] == "\(span * 5)")
        #expect(root["height"] == "\(span * 5)")
        #expect(root["viewBox"] == "0 0 \(span) \(span)")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(attributes.elements["rect"]?["fill"] == "#fff")
        let path = try #require(attributes.elements["path"]?["d"])
        // Each run is "M<x> <y>h<n>v1h-<n>z" in module units, offset by the quiet zone.
        var covered: [[Int]] = []
        for run in path.split(separator: "M") {
            let numbers = run.split(whereSeparator: { !"0123456789".contains($0) }).map { Int($0)! }
            #expect(numbers.count == 5 && numbers[2] == numbers[4] && numbers[3] == 1)
            for column in numbers[0]..<numbers[0] + numbers[2] {
                covered.append([numbers[1] - 4, column - 4])
            }
        }
        #expect(covered.count == darkCells(code).count)
        #expect(Set(covered) == darkCells(code))
    }

    @Test(arguments: [0, 1, 2, 3])
    func terminalTextHasOneLinePerTwoRowsAndMatchesTheSymbol(quietZone: Int) throws {
        let code = try QRCode(encoding: shortURI)
        let lines = code.terminalText(quietZone: quietZone).split(separator: "\n", omittingEmptySubsequences: false)
        let span = code.size + 2 * quietZone
        #expect(lines.count == (span + 1) / 2)
        #expect(lines.allSatisfy { $0.count == span })
        // Glyphs paint light modules: top half light in "▀", bottom half light in "▄".
        for (index, line) in lines.enumerated() {
            for (column, glyph) in line.enumerated() {
                let top = code.isDark(row: 2 * index - quietZone, column: column - quietZone)
                let bottom = code.isDark(row: 2 * index + 1 - quietZone, column: column - quietZone)
                #expect(top == (glyph == " " || glyph == "▄"))
                #expect(bottom == (glyph == " " || glyph == "▀"))
            }
        }
    }

    @Test(arguments: [0, 10_000])
    func unencodablePayloadsThrow(length: Int) {
        #expect {
            _ = try QRCode(encoding: String(repeating: "x", count: length))
        } throws: { error in
            (error as? OTPError)?.code == .invalidParameter
        }
    }

    /// 2953 bytes is byte mode's limit at version 40, level L; at level H the same payload no longer fits.
    @Test(arguments: [(2953, QRCode.Correction.high), (2954, .low)])
    func capacityLimitDependsOnCorrection(length: Int, correction: QRCode.Correction) throws {
        let largest = String(repeating: "a", count: 2953)
        #expect(try QRCode(encoding: largest, correction: .low).size == 177)
        #expect {
            _ = try QRCode(encoding: String(repeating: "a", count: length), correction: correction)
        } throws: { error in
            (error as? OTPError)?.code == .invalidParameter
        }
    }

    @Test func outOfRangeModulesAndParametersAreSafe() throws {
        let code = try QRCode(encoding: "a\u{0}b")
        #expect(!code.isDark(row: -1, column: 0) && !code.isDark(row: 0, column: code.size))
        #expect(!code.png(moduleSize: -3, quietZone: -1).isEmpty)
        #expect(code.svg(moduleSize: 0, quietZone: Int.min).contains("viewBox=\"0 0 \(code.size) \(code.size)\""))
        #expect(!code.terminalText(quietZone: Int.max).isEmpty)
    }

    @Test func pngStructureChecksumsAndPixels() throws {
        let code = try QRCode(encoding: shortURI)
        let png = code.png(moduleSize: 16, quietZone: 4)
        let side = (code.size + 8) * 16
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

        var chunks: [(type: String, data: [UInt8])] = []
        var offset = 8
        while offset < png.count {
            let length = Int(uint32(png, at: offset))
            let typeAndData = png[offset + 4..<offset + 8 + length]
            #expect(uint32(png, at: offset + 8 + length) == bitwiseCRC32(typeAndData))
            chunks.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            offset += 12 + length
        }
        #expect(offset == png.count)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        let header = chunks[0].data
        #expect(header.count == 13)
        #expect(uint32(header, at: 0) == UInt32(side) && uint32(header, at: 4) == UInt32(side))
        #expect(Array(header[8...]) == [1, 0, 0, 0, 0], "1-bit grayscale")
        #expect(chunks[2].data.isEmpty)

        // Compressed (issue 15: the stored 8-bit image was 208 KB): far below the raw scanlines.
        let rowBytes = (side + 7) / 8
        #expect(png.count < side * (rowBytes + 1) / 10, "\(png.count) bytes")
        let standard = try QRCode(encoding: longURI).png()
        #expect(standard.count < 10_000, "\(standard.count) bytes at the default size (7.7 KB when written)")
        // An independent inflater (Python's zlib, which also checks the zlib header and Adler-32).
        let raw = try runPeerBytes(
            ["python3", "-c", "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))"],
            input: chunks[1].data)
        #expect(raw.count == side * (rowBytes + 1))
        // Undo filter type Up (2) on every scanline: each byte plus the one above it.
        var previous = [UInt8](repeating: 0, count: rowBytes)
        var rows: [[UInt8]] = []
        for y in 0..<side {
            #expect(raw[y * (rowBytes + 1)] == 2)
            let filtered = raw[(y * (rowBytes + 1) + 1)..<((y + 1) * (rowBytes + 1))]
            previous = zip(filtered, previous).map { $0 &+ $1 }
            rows.append(previous)
        }
        for y in 0..<side {
            for x in 0..<side {
                let dark = code.isDark(row: y / 16 - 4, column: x / 16 - 4)
                let byte: UInt8 = rows[y][x / 8]
                let mask: UInt8 = 0x80 >> UInt8(x % 8)
                let white = byte & mask != 0
                if white == dark {
                    Issue.record("pixel (\(x), \(y)) is wrong")
                    return
                }
            }
        }
    }
}
