internal import CQREncode
import Glibc

/// A QR code symbol, typically for an otpauth:// enrolment URI.
///
/// Security contract: the symbol carries the whole URI, secret included, so the symbol and every
/// rendering of it are as sensitive as the secret: show it once to the enrolling user, and never
/// log, cache, persist or serve it with caching headers.
public struct QRCode: Sendable {
    /// How much of the symbol can be damaged or obscured and still be read.
    ///
    /// Security contract: affects only robustness and symbol size, never what is encoded.
    public enum Correction: Sendable {
        /// Recovers about 7% of the symbol; the smallest symbol.
        case low
        /// Recovers about 15%; a good default for screens.
        case medium
        /// Recovers about 25%.
        case quartile
        /// Recovers about 30%; the largest symbol.
        case high
    }

    /// Modules per side: 21 for version 1 up to 177 for version 40, quiet zone excluded.
    ///
    /// Security contract: reveals only the payload's approximate length, not its content.
    public let size: Int

    /// Row-major, `size * size` entries, true where the module is dark.
    private let modules: [Bool]

    /// 8-bit mode capacity of the largest symbol (version 40, level L); checked before calling C so
    /// that a huge input can never overflow the `Int32` length libqrencode takes.
    private static let maximumBytes = 2953
    /// Upper bounds for rendering parameters, so no argument can exhaust memory or overflow.
    private static let maximumModuleSize = 32
    private static let maximumQuietZone = 16

    /// Encodes the UTF-8 bytes of `text` exactly, in byte mode, in the smallest symbol that fits.
    ///
    /// Security contract: `text` is copied into C memory that libqrencode frees without wiping, so
    /// pass only what must be shown. Throws `OTPError` with `.invalidParameter` when `text` is empty
    /// or too long for any symbol at `correction`; the reason never contains `text`.
    public init(encoding text: String, correction: Correction = .medium) throws {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else {
            throw OTPError(.invalidParameter, "the QR code payload is empty")
        }
        guard bytes.count <= Self.maximumBytes else {
            throw OTPError(.invalidParameter, "the QR code payload is longer than any QR code can hold")
        }
        let symbol = bytes.withUnsafeBufferPointer { buffer in
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, Self.level(correction))
        }
        guard let symbol else {
            // ERANGE is the expected failure; anything else (ENOMEM) is still reported, never a crash.
            throw OTPError(
                .invalidParameter,
                errno == ERANGE
                    ? "the QR code payload is too long for the chosen error correction level"
                    : "the QR code payload could not be encoded")
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        // Only bit 0 means dark; the other bits describe what the module is used for.
        modules = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width).map { $0 & 1 == 1 }
        size = width
    }

    /// Whether the module at (`row`, `column`) is dark; anything outside the symbol is light, as the
    /// quiet zone is, so callers may draw margins without bounds checks.
    ///
    /// Security contract: exposes the symbol, so it is as sensitive as the encoded URI.
    public func isDark(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return modules[row * size + column]
    }

    /// Text for a terminal, two module rows per line drawn with half blocks, lines separated by "\n".
    ///
    /// Like `qrencode -t UTF8`, the glyphs paint the light modules and the quiet zone, so the symbol
    /// reads correctly on the usual light-on-dark terminal; on a dark-on-light terminal it appears
    /// inverted, which most phone scanners also accept. `quietZone` is clamped to 0...16 modules.
    ///
    /// Security contract: the text carries the secret; write it only to the enrolling user's own
    /// terminal, never to a log, and do not keep it in scrollback-preserving tools.
    public func terminalText(quietZone: Int = 2) -> String {
        let margin = min(max(quietZone, 0), Self.maximumQuietZone)
        let span = size + 2 * margin
        var lines: [String] = []
        for top in stride(from: 0, to: span, by: 2) {
            var line = ""
            for column in 0..<span {
                let upper = isDark(row: top - margin, column: column - margin)
                let lower = isDark(row: top + 1 - margin, column: column - margin)
                switch (upper, lower) {
                case (false, false): line += "█"
                case (false, true): line += "▀"
                case (true, false): line += "▄"
                case (true, true): line += " "
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A standalone SVG 1.1 document: black modules on a white background with a quiet zone.
    ///
    /// `moduleSize` (pixels per module, 1...32) sets only width and height; the viewBox is in
    /// modules so the image scales without blurring. `quietZone` is clamped to 0...16 modules.
    ///
    /// Security contract: the document carries the secret; serve it only to the enrolling user with
    /// `Cache-Control: no-store`, inline rather than from a URL that could be fetched again.
    public func svg(moduleSize: Int = 8, quietZone: Int = 4) -> String {
        let scale = min(max(moduleSize, 1), Self.maximumModuleSize)
        let margin = min(max(quietZone, 0), Self.maximumQuietZone)
        let span = size + 2 * margin
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                let start = column
                while isDark(row: row, column: column) { column += 1 }
                path += "M\(start + margin) \(row + margin)h\(column - start)v1h-\(column - start)z"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(span * scale)" \
            height="\(span * scale)" viewBox="0 0 \(span) \(span)" shape-rendering="crispEdges">
            <rect width="\(span)" height="\(span)" fill="#fff"/>
            <path d="\(path)" fill="#000"/>
            </svg>

            """
    }

    /// A PNG image, 8-bit grayscale, black modules on white with a quiet zone.
    ///
    /// `moduleSize` (pixels per module) is clamped to 1...32 and `quietZone` to 0...16 modules. The
    /// image is 1-bit grayscale and deflate-compressed: a few KB at the default size.
    ///
    /// Security contract: the image carries the secret; serve it only to the enrolling user with
    /// `Cache-Control: no-store`, and never write it to disk or a log.
    public func png(moduleSize: Int = 8, quietZone: Int = 4) -> [UInt8] {
        let scale = min(max(moduleSize, 1), Self.maximumModuleSize)
        let margin = min(max(quietZone, 0), Self.maximumQuietZone)
        let side = (size + 2 * margin) * scale
        return PNGEncoder.blackAndWhite(width: side, height: side) { x, y in
            isDark(row: y / scale - margin, column: x / scale - margin)
        }
    }

    private static func level(_ correction: Correction) -> QRecLevel {
        switch correction {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}
