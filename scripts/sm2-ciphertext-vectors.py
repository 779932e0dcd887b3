#!/usr/bin/env python3
"""Writes vectors/sm2-ciphertext.json: SM2 ciphertext encodings, valid and expected failures.

Run by hand (python3 scripts/sm2-ciphertext-vectors.py > vectors/sm2-ciphertext.json); tests only
read the result. Every case is the GB/T 32918.5-2016 Annex C ciphertext (as transcribed in
../shared/vectors/upstream/sm/sm2.json) in one of its three byte forms, or an edit of it.
"""
import json

P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
KEY = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
MESSAGE = "656e6372797074696f6e207374616e64617264"
X = bytes.fromhex("04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73")
Y = bytes.fromhex("e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0")
C3 = bytes.fromhex("59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766")
C2 = bytes.fromhex("21886ca989ca9c7d58087307ca93092d651efa")
GX = bytes.fromhex("32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7")
GY = bytes.fromhex("bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0")


def tlv(tag, content, long_form=False):
    n = len(content)
    if long_form or n >= 0x80:
        length = bytes([0x81, n]) if n < 0x100 else bytes([0x82, n >> 8, n & 0xFF])
    else:
        length = bytes([n])
    return bytes([tag]) + length + content


def integer(value, extra_zero=False, unsigned_pad=True):
    digits = value.lstrip(b"\x00") or b"\x00"
    if unsigned_pad and digits[0] & 0x80:
        digits = b"\x00" + digits
    if extra_zero:
        digits = b"\x00" + digits
    return tlv(0x02, digits)


def der(x=X, y=Y, c3=C3, c2=C2, **kw):
    fields = integer(x) + integer(y) + tlv(0x04, c3) + tlv(0x04, c2)
    return tlv(0x30, fields + kw.get("extra", b""), long_form=kw.get("long_form", False))


def flip(data, index):
    changed = bytearray(data)
    changed[index] ^= 0x01
    return bytes(changed)


C1 = b"\x04" + X + Y
DER = der()
assert DER.hex() == (
    "307c022004ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73022100e858f9d81e5430a57b36daab8f950a3c"
    "64e6ee6a63094d99283aff767e124df0042059983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766041321886c"
    "a989ca9c7d58087307ca93092d651efa")
tests = []


def add(comment, flags, encoding, data, result, error=None):
    test = {"tcId": len(tests) + 1, "comment": comment, "flags": flags, "encoding": encoding,
            "ciphertext": data.hex(), "result": result}
    if result == "valid":
        test["message"] = MESSAGE
        test["der"] = DER.hex()
    else:
        test["expectedError"] = error
    tests.append(test)


add("GB/T 32918.5 Annex C, GM/T 0009 DER", ["Ktv"], "der", DER, "valid")
add("GB/T 32918.5 Annex C, C1C3C2", ["Ktv"], "c1c3c2", C1 + C3 + C2, "valid")
add("GB/T 32918.5 Annex C, legacy C1C2C3", ["Ktv"], "c1c2c3", C1 + C2 + C3, "valid")
bad = "invalidEncoding"
add("trailing byte after the DER", ["Trailing"], "der", DER + b"\x00", "invalid", bad)
add("outer length in long form", ["NonCanonical"], "der", der(long_form=True), "invalid", bad)
add("indefinite length (BER)", ["NonCanonical"], "der", b"\x30\x80" + DER[2:] + b"\x00\x00", "invalid", bad)
add("x with a superfluous leading zero", ["NonCanonical"], "der",
    tlv(0x30, integer(X, extra_zero=True) + integer(Y) + tlv(0x04, C3) + tlv(0x04, C2)), "invalid", bad)
add("y encoded as a negative integer", ["NonCanonical"], "der",
    tlv(0x30, integer(X) + integer(Y, unsigned_pad=False) + tlv(0x04, C3) + tlv(0x04, C2)), "invalid", bad)
add("x = p (not a field element)", ["InvalidPoint"], "der", der(x=P.to_bytes(32, "big")), "invalid", bad)
add("C1 off the curve (y + 1)", ["InvalidPoint"], "der", der(y=(int.from_bytes(Y, "big") + 1).to_bytes(32, "big")),
    "invalid", bad)
add("x wider than the field (33 bytes)", ["InvalidPoint"], "der", der(x=b"\x01" + X), "invalid", bad)
add("C3 of 31 bytes", ["WrongLength"], "der", der(c3=C3[:31]), "invalid", bad)
add("C3 of 33 bytes", ["WrongLength"], "der", der(c3=C3 + b"\x00"), "invalid", bad)
add("empty C2", ["WrongLength"], "der", der(c2=b""), "invalid", bad)
add("C3 and C2 swapped", ["WrongOrder"], "der",
    tlv(0x30, integer(X) + integer(Y) + tlv(0x04, C2) + tlv(0x04, C3)), "invalid", bad)
add("a fifth field", ["Trailing"], "der", der(extra=tlv(0x04, b"\x00")), "invalid", bad)
add("outer SET instead of SEQUENCE", ["WrongTag"], "der", b"\x31" + DER[1:], "invalid", bad)
add("C2 as a BIT STRING", ["WrongTag"], "der",
    tlv(0x30, integer(X) + integer(Y) + tlv(0x04, C3) + tlv(0x03, b"\x00" + C2)), "invalid", bad)
add("empty input", ["WrongLength"], "der", b"", "invalid", bad)
add("compressed C1", ["InvalidPoint"], "c1c3c2", bytes([2 + (Y[-1] & 1)]) + X + C3 + C2, "invalid", bad)
add("C1 without its 04 prefix (x ‖ y)", ["InvalidPoint"], "c1c3c2", X + Y + C3 + C2, "invalid", bad)
add("C1C3C2 with an empty C2", ["WrongLength"], "c1c3c2", C1 + C3, "invalid", bad)
add("C1C3C2 with C1 off the curve", ["InvalidPoint"], "c1c3c2", b"\x04" + X + flip(Y, 31) + C3 + C2, "invalid", bad)
auth = "authenticationFailure"
add("C3 changed", ["ModifiedHash"], "c1c3c2", C1 + flip(C3, 0) + C2, "invalid", auth)
add("C2 changed", ["ModifiedCiphertext"], "c1c3c2", C1 + C3 + flip(C2, 18), "invalid", auth)
add("C2 truncated", ["ModifiedCiphertext"], "der", der(c2=C2[:-1]), "invalid", auth)
add("C1 replaced by the generator G (a valid point)", ["ModifiedPoint"], "der", der(x=GX, y=GY), "invalid", auth)
add("legacy C1C2C3 bytes read as C1C3C2", ["FormConfusion"], "c1c3c2", C1 + C2 + C3, "invalid", auth)
add("C1C3C2 bytes read as legacy C1C2C3", ["FormConfusion"], "c1c2c3", C1 + C3 + C2, "invalid", auth)
print(json.dumps({
    "algorithm": "SM2 encryption (GB/T 32918.4) ciphertext encodings",
    "schema": "schemas/sm2-ciphertext.schema.json",
    "source": "GB/T 32918.5-2016 Annex C example (key, message and ciphertext as transcribed in the upstream "
              "sm/sm2.json); invalid cases are edits made by scripts/sm2-ciphertext-vectors.py",
    "numberOfTests": len(tests),
    "notes": {
        "encoding": "der = GM/T 0009 SEQUENCE{INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2}; "
                    "c1c3c2 = 04||x||y||C3||C2 (GB/T 32918.4-2016); c1c2c3 = 04||x||y||C2||C3 (legacy)",
        "Ktv": "the standard's example", "Trailing": "bytes after the value", "NonCanonical": "BER, not DER",
        "InvalidPoint": "C1 is not an uncompressed point on the curve", "WrongLength": "a component of a bad length",
        "WrongOrder": "components swapped", "WrongTag": "a wrong ASN.1 type",
        "ModifiedHash": "C3 changed", "ModifiedCiphertext": "C2 changed", "ModifiedPoint": "another valid C1",
        "FormConfusion": "one raw order parsed as the other: it parses, but must not decrypt"},
    "testGroups": [{"type": "Sm2CiphertextTest", "privateKey": KEY, "tests": tests}],
}, indent=1))
