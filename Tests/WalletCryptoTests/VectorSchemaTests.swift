import Foundation
import TestSupport
import Testing

/// Every file in `vectors/` names its JSON Schema in its `schema` field, as Wycheproof's files do,
/// and validates against it with PyPI's `jsonschema` (an independent validator, installed by
/// `scripts/test`). Each schema is strict (no unknown fields, lower-case hex where the README
/// promises hex), so the same script also checks that a broken copy of each file is refused.
struct VectorSchemaTests {
    static let validator = """
        import glob, json, os, sys
        from jsonschema import Draft202012Validator
        folder = sys.argv[1]
        used = set()
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            name = os.path.basename(path)
            data = json.load(open(path, encoding="utf-8"))
            schema_name = data.get("schema")
            if not isinstance(schema_name, str):
                print("FAIL", name, "has no schema field"); continue
            schema = json.load(open(os.path.join(folder, schema_name), encoding="utf-8"))
            used.add(os.path.normpath(schema_name))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
            for error in errors[:3]:
                print("FAIL", name, "/".join(map(str, error.path)), error.message[:200])
            tests = [t for g in data["testGroups"] for t in g["tests"]]
            if data["numberOfTests"] != len(tests):
                print("FAIL", name, "numberOfTests", data["numberOfTests"], "but", len(tests), "tests")
            ids = [t["tcId"] for t in tests]
            if len(set(ids)) != len(ids):
                print("FAIL", name, "repeats a tcId")
            broken = json.loads(json.dumps(data))
            broken["testGroups"][0]["tests"][0]["result"] = "maybe"
            if validator.is_valid(broken):
                print("FAIL", name, "its schema accepts a result of 'maybe'")
            broken = json.loads(json.dumps(data))
            broken["testGroups"][0]["tests"][0]["unknownField"] = 1
            if validator.is_valid(broken):
                print("FAIL", name, "its schema accepts an unknown field")
            print("OK", name, schema_name)
        for path in glob.glob(os.path.join(folder, "schemas", "*.json")):
            if os.path.relpath(path, folder) not in used:
                print("FAIL", os.path.relpath(path, folder), "is not named by any vector file")
        """

    @Test func everyVectorFileValidatesAgainstItsSchema() throws {
        let output = try runPeer(["python3", "-c", Self.validator, VectorFile.projectFolder.path])
        let lines = output.split(separator: "\n").map(String.init)
        let files = try FileManager.default.contentsOfDirectory(atPath: VectorFile.projectFolder.path)
            .filter { $0.hasSuffix(".json") }
        #expect(lines.filter { $0.hasPrefix("OK ") }.count == files.count, "\(output)")
        for line in lines where !line.hasPrefix("OK ") { Issue.record("\(line)") }
    }

    /// The README promises lower-case hex; the TOTP table once had upper-case `counterHex` (issue 15).
    @Test func upperCaseHexIsRefusedBySchema() throws {
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            folder = sys.argv[1]
            data = json.load(open(folder + "/rfc6238-totp.json"))
            schema = json.load(open(folder + "/" + data["schema"]))
            test = data["testGroups"][0]["tests"][1]
            print(Draft202012Validator(schema).is_valid(data))
            test["counterHex"] = test["counterHex"].upper()
            print(Draft202012Validator(schema).is_valid(data))
            """
        let output = try runPeer(["python3", "-c", script, VectorFile.projectFolder.path])
        #expect(output.split(separator: "\n") == ["True", "False"], "\(output)")
    }
}
