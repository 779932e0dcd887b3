#!/usr/bin/env python3
"""Writes vectors/envelope-v1-shangmi.json: envelope-v1 envelopes of the ShangMi profile (SM2-encrypted
content key, HKDF-SM3, HMAC-SM3, SM4-GCM body, SM2 signature), valid and expected failures.

Run by hand (python3 scripts/envelope-v1-shangmi-vectors.py > vectors/envelope-v1-shangmi.json);
tests only read the result. Written from docs/spec/envelope-v1.md alone with PyPI gmssl (SM2
encryption and signatures, SM3), Python's hmac (HKDF-SM3, HMAC-SM3) and pyca/cryptography (SM4-GCM);
no WalletCrypto code. gmssl draws SM2's random k itself, so a rerun gives other bytes that are just as
valid; the file was generated once and frozen. One standard-profile envelope is copied from
vectors/envelope-v1.json (tcId 1) to show it is refused by a ShangMi reader.
"""
import base64
import hashlib
import hmac
import json
import random

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from gmssl import sm3
from gmssl.sm2 import CryptSM2, default_ecc_table

N = int(default_ecc_table["n"], 16)
rng = random.Random(32918)
SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d03420004")


def rand(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


class Key:
    def __init__(self, name):
        d = int.from_bytes(hashlib.sha512(name.encode()).digest()[:32], "big") % (N - 1) + 1
        self.private = d.to_bytes(32, "big")
        self.public = CryptSM2(private_key=self.private.hex(), public_key="")._kg(d, default_ecc_table["g"])
        self.sm2 = CryptSM2(private_key=self.private.hex(), public_key=self.public, mode=1)
        self.key_id = hashlib.sha256(SPKI_PREFIX + bytes.fromhex(self.public)).digest()[:16]


def hkdf_sm3(ikm, info, length):
    prk = hmac.new(b"", ikm, "sm3").digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), "sm3").digest()
        out += block
        counter += 1
    return out[:length]


def sm3_hash(data):
    return bytes.fromhex(sm3.sm3_hash(list(data)))


def envelope(message, recipients, sender=None, hidden=(), suite=bytes.fromhex("533253335334")):
    ck = rand(16)
    fixed = b"WCEV\x01" + suite + (bytes([1]) + sender.key_id if sender else b"\x00") + \
        (len(message) + 16).to_bytes(8, "big")
    stanzas = b""
    for index, recipient in enumerate(recipients):
        wrapped = b"\x04" + recipient.sm2.encrypt(ck)
        assert len(wrapped) == 113
        stanzas += (b"\x00" if index in hidden else b"\x01" + recipient.key_id) + wrapped
    header = fixed + bytes([len(recipients)]) + stanzas
    mac = hmac.new(hkdf_sm3(ck, b"WalletCustody envelope-v1 header", 32), header, "sm3").digest()
    enc = Cipher(algorithms.SM4(hkdf_sm3(ck, b"WalletCustody envelope-v1 body", 16)), modes.GCM(bytes(12))).encryptor()
    enc.authenticate_additional_data(fixed)
    body = enc.update(message) + enc.finalize() + enc.tag
    signature = b""
    if sender:
        signed = b"WalletCustody envelope-v1 signature\x00" + fixed + sm3_hash(body)
        signature = bytes.fromhex(sender.sm2.sign_with_sm3(signed, rand(32).hex()))
        assert sender.sm2.verify_with_sm3(signature.hex(), signed)
    return header + mac + body + signature


def armour(binary):
    text = base64.b64encode(binary).decode()
    return "-----BEGIN WALLETCUSTODY ENVELOPE-----\n" + "\n".join(
        text[i:i + 64] for i in range(0, len(text), 64)) + "\n-----END WALLETCUSTODY ENVELOPE-----\n"


def flip(binary, index, bit=0x01):
    changed = bytearray(binary)
    changed[index] ^= bit
    return bytes(changed)


alice, bob, sender, stranger = (Key(f"envelope-v1 ShangMi {name}") for name in ("alice", "bob", "sender", "stranger"))
tests = []


def add(comment, flags, data, reader, result, trusted=sender, require=False, message=None, error=None,
        reader_profile="ShangMi"):
    test = {"tcId": len(tests) + 1, "comment": comment, "flags": flags,
            "envelope": data if isinstance(data, str) else armour(data),
            "recipientPrivateKey": reader.private.hex(), "readerProfile": reader_profile,
            "requireSignature": require, "result": result}
    if trusted:
        test["trustedSenderPublicKey"] = "04" + trusted.public
    if result == "valid":
        test["message"] = message.hex()
    else:
        test["expectedError"] = error
    tests.append(test)


message = "转账 250.00 CNY 到钱包 W-2026".encode()
signed = envelope(message, [alice, bob], sender=sender)
add("signed, two hinted recipients, opened by the first", ["Valid"], signed, alice, "valid", require=True,
    message=message)
add("the same envelope opened by the second recipient", ["Valid"], signed, bob, "valid", require=True,
    message=message)
hidden = envelope(b"hidden recipient", [alice, bob], hidden=(0,))
add("unsigned, first recipient hidden, opened by it", ["Valid"], hidden, alice, "valid", trusted=None,
    message=b"hidden recipient")
add("signed empty message", ["Valid"], envelope(b"", [bob], sender=sender), bob, "valid", require=True,
    message=b"")
add("ShangMi envelope given to a standard reader (X25519 key)", ["ProfileMismatch"], signed, alice, "invalid",
    reader_profile="standard", error="invalidParameter")
standard = json.load(open("vectors/envelope-v1.json"))["testGroups"][0]["tests"][0]["envelope"]
add("standard envelope (envelope-v1.json tcId 1) given to a ShangMi reader", ["ProfileMismatch"], standard, alice,
    "invalid", error="invalidParameter")
add("not a recipient", ["WrongRecipient"], signed, stranger, "invalid", error="authenticationFailure")
add("sender not trusted", ["UntrustedSender"], signed, alice, "invalid", trusted=stranger,
    error="authenticationFailure")
add("unsigned envelope where a signature is required", ["MissingSignature"], hidden, alice, "invalid",
    trusted=None, require=True, error="authenticationFailure")
body_at = len(signed) - 64 - (len(message) + 16)
add("body byte changed", ["ModifiedBody"], flip(signed, body_at + 3), alice, "invalid", error="authenticationFailure")
add("header MAC changed", ["ModifiedMac"], flip(signed, body_at - 1), alice, "invalid",
    error="authenticationFailure")
add("signature changed", ["ModifiedSignature"], flip(signed, len(signed) - 1), alice, "invalid",
    error="authenticationFailure")
stanza_c3 = 4 + 1 + 6 + 1 + 16 + 8 + 1 + 1 + 16 + 65
add("first stanza's C3 changed", ["ModifiedStanza"], flip(signed, stanza_c3), alice, "invalid",
    error="authenticationFailure")
add("mixed suite (SM2 kem with HPKE kdf and aead)", ["UnknownSuite"],
    envelope(b"x", [alice], suite=bytes.fromhex("533200010003")), alice, "invalid", trusted=None,
    error="invalidEncoding")
add("trailing byte", ["Trailing"], signed + b"\x00", alice, "invalid", error="invalidEncoding")
add("truncated inside a stanza", ["Truncated"], signed[:100], alice, "invalid", error="invalidEncoding")

print(json.dumps({
    "algorithm": "envelope-v1, ShangMi profile",
    "schema": "schemas/envelope-v1-shangmi.schema.json",
    "source": "generated by scripts/envelope-v1-shangmi-vectors.py from docs/spec/envelope-v1.md with gmssl, "
              "hmac and pyca/cryptography (no WalletCrypto code), then frozen",
    "numberOfTests": len(tests),
    "testGroups": [{"type": "EnvelopeProfileTest", "tests": tests}],
}, indent=1, ensure_ascii=False))
