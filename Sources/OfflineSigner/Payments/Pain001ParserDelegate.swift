import Foundation
import FoundationXML

/// Feeds `XMLParser` events to a `Pain001Reader` and stops the parser at the reader's first
/// refusal. Everything the reader must not see (CDATA, processing instructions, entity
/// declarations and references, any error libxml2 reports in its recover mode) is refused here.
final class Pain001ParserDelegate: NSObject, XMLParserDelegate {
    private(set) var reader: Pain001Reader

    init(_ reader: Pain001Reader, parser: XMLParser) {
        self.reader = reader
        super.init()
        self.reader.lineNumber = { [weak parser] in parser?.lineNumber ?? 0 }
    }

    /// Stops the parser once the reader has refused the file.
    private func stopIfRefused(_ parser: XMLParser) {
        if reader.error != nil { parser.abortParsing() }
    }

    private func reject(_ parser: XMLParser, _ reason: String) {
        reader.reject(reason)
        stopIfRefused(parser)
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        var name = name
        var namespace = namespaceURI
        name.withUTF8 { name in
            if namespace == nil {
                reader.start(
                    name, namespace: nil,
                    attributes: attributes.map { Pain001Reader.Attribute(name: $0.key, value: $0.value) })
            } else {
                namespace!.withUTF8 {
                    reader.start(
                        name, namespace: $0,
                        attributes: attributes.map { Pain001Reader.Attribute(name: $0.key, value: $0.value) })
                }
            }
        }
        stopIfRefused(parser)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        var string = string
        string.withUTF8 { reader.characters($0) }
        stopIfRefused(parser)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        reader.end()
        stopIfRefused(parser)
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        reject(parser, "CDATA sections are not accepted")
    }

    func parser(_ parser: XMLParser, foundProcessingInstructionWithTarget target: String, data: String?) {
        reject(parser, "processing instructions are not accepted")
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        reject(parser, "entity declarations are not accepted")
    }

    func parser(
        _ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?
    ) {
        reject(parser, "entity declarations are not accepted")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        reject(parser, "external entities are not accepted")
        return nil
    }

    /// XMLParser runs libxml2 in recover mode; any error it reports refuses the file.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        reject(parser, "the XML is not well-formed (libxml2 error \((parseError as NSError).code))")
    }
}
