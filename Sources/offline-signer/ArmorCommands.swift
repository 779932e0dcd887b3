import OfflineSigner

/// `armor` and `dearmor`: the strict text form of requests and responses.
enum ArmorCommands {
    static let armor = Command(
        name: "armor", summary: "wrap a request or response in strict text armour for copy and paste",
        usage: """
            offline-signer armor FILE [-o OUT]
              Checks that FILE is a request-v1 or response-v1 file and writes it as armoured base64
              (64-character lines). FILE and OUT may be - for standard input and output.
            """
    ) { arguments throws in
        let options = try Arguments(arguments, options: ["output"], flags: [])
        let input = try options.positional(1, "one file")[0]
        let text = try Armor.armor(try Command.input(input, what: "file to armour"))
        try Command.output(Array(text.utf8), to: options.value("output") ?? "-", what: "armoured file")
    }

    static let dearmor = Command(
        name: "dearmor", summary: "unwrap armoured text back into the request or response file",
        usage: """
            offline-signer dearmor FILE [-o OUT]
              Accepts only the exact armour 'armor' writes, and only content that parses.
            """
    ) { arguments throws in
        let options = try Arguments(arguments, options: ["output"], flags: [])
        let input = try options.positional(1, "one file")[0]
        let bytes = try Armor.dearmor(String(decoding: try Command.input(input, what: "armoured file"), as: UTF8.self))
        try Command.output(bytes, to: options.value("output") ?? "-", what: "file")
    }
}
