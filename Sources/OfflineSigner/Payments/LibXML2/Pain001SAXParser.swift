internal import CXML2
import Glibc

/// Feeds a `Pain001Reader` from libxml2's SAX2 push parser over the caller's bytes: element
/// names, namespaces and text reach the reader as byte ranges inside libxml2's buffers, with no
/// Swift string, dictionary or object per event (FoundationXML's `XMLParser` builds all three and
/// ran at a quarter of libxml2's own speed on a 100,000-payment file). This is the only folder
/// that imports CXML2.
///
/// Security contract: `Pain001Decoder.prescan` has already refused every DTD, entity
/// declaration, non-predefined entity reference, CDATA section and processing instruction. Here,
/// as a second wall, the parser runs without entity substitution (`XML_PARSE_NOENT` unset), DTD
/// loading or network (`XML_PARSE_NONET`), with no entity lookup callback, and a DOCTYPE, entity
/// reference, CDATA section or processing instruction event, or any error or warning libxml2
/// reports, refuses the file and stops the parser.
enum Pain001SAXParser {
    /// Bytes handed to libxml2 per call: below its 10 MB "huge input lookup" limit, which a
    /// single chunk of a large file would trip (and `XML_PARSE_HUGE` lifts other limits too).
    static let chunkSize = 1 << 18

    /// What the C callbacks reach through libxml2's user-data pointer. A struct behind a pointer,
    /// so the event path pays no reference counting or dynamic exclusivity checks.
    private struct State {
        var reader: Pain001Reader
        var context: xmlParserCtxtPtr?

        /// Stops the parser once the reader has refused the file, so no later event reaches it.
        mutating func stopIfRefused() {
            if reader.error != nil, let context { xmlStopParser(context) }
        }

        mutating func reject(_ reason: String) {
            reader.reject(reason)
            stopIfRefused()
        }
    }

    /// Reads `bytes` into `reader`; afterwards `reader.error` says whether the file was refused.
    static func read(_ bytes: UnsafeRawBufferPointer, into reader: inout Pain001Reader) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self), !bytes.isEmpty else {
            return reader.reject("the file is empty")
        }
        var handler = handler()
        var state = State(reader: reader, context: nil)
        withUnsafeMutablePointer(to: &state) { state in
            guard let context = xmlCreatePushParserCtxt(&handler, state, nil, 0, nil) else {
                return state.pointee.reader.reject("libxml2 could not start a parser")
            }
            defer { xmlFreeParserCtxt(context) }
            _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
            state.pointee.context = context
            state.pointee.reader.lineNumber = { Int(context.pointee.input?.pointee.line ?? 0) }
            defer { state.pointee.reader.lineNumber = { 0 } }
            var offset = 0
            while state.pointee.reader.error == nil {
                let count = min(chunkSize, bytes.count - offset)
                let last: Int32 = offset + count == bytes.count ? 1 : 0
                let status = xmlParseChunk(context, base + offset, Int32(count), last)
                offset += count
                guard state.pointee.reader.error == nil else { break }
                if status != 0 { return state.pointee.reject("the XML is not well-formed (libxml2 error \(status))") }
                if last == 1 { break }
            }
        }
        reader = state.reader
    }

    /// The SAX2 handler: every callback libxml2 may make with content the reader must see or
    /// refuse; the rest (DTD declarations, entity lookup) stay unset, so libxml2 neither records
    /// nor resolves them.
    private static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, name, _, namespace, _, _, attributeCount, _, attributes in
            let state = context!.assumingMemoryBound(to: State.self)
            guard state.pointee.reader.error == nil, let name else { return }
            var list: [Pain001Reader.Attribute] = []
            if attributeCount > 0, let attributes {
                // Five pointers per attribute: local name, prefix, namespace, value start, value end.
                for index in 0..<Int(attributeCount) {
                    let fields = attributes + 5 * index
                    let local = String(decoding: Pain001SAXParser.span(fields[0]!), as: UTF8.self)
                    let value = UnsafeBufferPointer(start: fields[3]!, count: fields[4]! - fields[3]!)
                    list.append(
                        Pain001Reader.Attribute(
                            name: fields[1].map {
                                String(decoding: Pain001SAXParser.span($0), as: UTF8.self) + ":" + local
                            } ?? local,
                            value: String(decoding: value, as: UTF8.self)))
                }
            }
            state.pointee.reader.start(
                Pain001SAXParser.span(name), namespace: namespace.map(Pain001SAXParser.span), attributes: list)
            state.pointee.stopIfRefused()
        }
        handler.endElementNs = { context, _, _, _ in
            let state = context!.assumingMemoryBound(to: State.self)
            state.pointee.reader.end()
            state.pointee.stopIfRefused()
        }
        handler.characters = Pain001SAXParser.characters
        handler.ignorableWhitespace = Pain001SAXParser.characters
        handler.cdataBlock = { context, _, _ in Pain001SAXParser.reject(context, "CDATA sections are not accepted") }
        handler.processingInstruction = { context, _, _ in
            Pain001SAXParser.reject(context, "processing instructions are not accepted")
        }
        handler.reference = { context, _ in Pain001SAXParser.reject(context, "entity references are not accepted") }
        handler.internalSubset = { context, _, _, _ in Pain001SAXParser.reject(context, "a DOCTYPE is not accepted") }
        handler.externalSubset = { context, _, _, _ in Pain001SAXParser.reject(context, "a DOCTYPE is not accepted") }
        handler.entityDecl = { context, _, _, _, _, _ in
            Pain001SAXParser.reject(context, "entity declarations are not accepted")
        }
        // Every error and warning, of any level, refuses the file; libxml2's message is left out,
        // since it quotes the file's own bytes.
        handler.serror = { context, error in
            Pain001SAXParser.reject(context, "the XML is not well-formed (libxml2 error \(error?.pointee.code ?? 0))")
        }
        return handler
    }

    private static let characters: charactersSAXFunc = { context, text, count in
        let state = context!.assumingMemoryBound(to: State.self)
        guard let text, count > 0 else { return }
        state.pointee.reader.characters(UnsafeBufferPointer(start: text, count: Int(count)))
        state.pointee.stopIfRefused()
    }

    private static func reject(_ context: UnsafeMutableRawPointer?, _ reason: String) {
        context!.assumingMemoryBound(to: State.self).pointee.reject(reason)
    }

    /// The bytes of a NUL-terminated libxml2 string.
    private static func span(_ text: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text, count: Int(xmlStrlen(text)))
    }
}
