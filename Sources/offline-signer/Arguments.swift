import OfflineSigner

/// A command's parsed arguments: `--name value` options, `--flag`s and positional arguments.
/// Unknown options, missing values and repeated single options are usage errors (exit 2).
struct Arguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// Arguments that are not options, in order.
    private(set) var positional: [String] = []

    init(_ arguments: ArraySlice<String>, options: [String], repeatable: [String] = [], flags known: [String])
        throws
    {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument == "--" {
                while let rest = iterator.next() { positional.append(rest) }
            } else if argument.hasPrefix("-") && argument != "-" {
                let name = argument == "-o" ? "output" : String(argument.drop(while: { $0 == "-" }))
                if known.contains(name) {
                    flags.insert(name)
                } else if options.contains(name) || repeatable.contains(name) {
                    guard let value = iterator.next() else { throw SignerError(.usage, "--\(name) needs a value") }
                    guard values[name] == nil || repeatable.contains(name) else {
                        throw SignerError(.usage, "--\(name) may be given only once")
                    }
                    values[name, default: []].append(value)
                } else {
                    throw SignerError(.usage, "unknown option \(argument); see --help")
                }
            } else {
                positional.append(argument)
            }
        }
    }

    func value(_ name: String) -> String? { values[name]?.first }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws -> String {
        guard let value = value(name) else { throw SignerError(.usage, "--\(name) is required; see --help") }
        return value
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw SignerError(.usage, "--\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The integer value of `name` in `range`, or nil when the option is absent.
    func optionalInteger(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard value(name) != nil else { return nil }
        return try integer(name, default: 0, in: range)
    }

    /// Exactly `count` positional arguments.
    func positional(_ count: Int, _ names: String) throws -> [String] {
        guard positional.count == count else { throw SignerError(.usage, "expected \(names); see --help") }
        return positional
    }
}
