#!/usr/bin/env python3
"""Writes vectors/sm4-aead.json: SM4-GCM and SM4-CCM vectors, valid cases and expected failures.

Run by hand (python3 scripts/sm4-aead-vectors.py > vectors/sm4-aead.json); tests only read the
result. The values come from implementations independent of WalletCrypto: SM4-GCM from
pyca/cryptography (its bundled OpenSSL, which has SM4-GCM), SM4-CCM from NIST SP 800-38C written
out below over the SM4 block of PyPI gmssl. Both reproduce RFC 8998 Appendix A before anything is
written. Inputs are deterministic (a seeded generator), so re-running gives the same file.
"""
import json
import random

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from gmssl.sm4 import SM4_ENCRYPT, CryptSM4

RFC_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")
RFC_IV = bytes.fromhex("00001234567800000000abcd")
RFC_AAD = bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
RFC_PT = bytes.fromhex(
    "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
    "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa")
RFC_GCM = ("17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
           "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
           "83de3541e4c2b58177e065a9bf7b62ec")
RFC_CCM = ("48af93501fa62adbcd414cce6034d895dda1bf8f132f042098661572e7483094"
           "fd12e518ce062c98acee28d95df4416bed31a2f04476c18bb40c84a74b97dc5b",
           "16842d4fa186f56ab33256971fa110f4")


def gcm(key, iv, aad, pt):
    enc = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    enc.authenticate_additional_data(aad)
    ct = enc.update(pt) + enc.finalize()
    return ct, enc.tag


def sm4_block(key):
    cipher = CryptSM4()
    cipher.set_key(key, SM4_ENCRYPT)
    return lambda block: bytes(cipher.one_round(cipher.sk, list(block)))


def ccm(key, nonce, aad, pt, tag_len=16):
    """NIST SP 800-38C: formatting of Appendix A.2, CBC-MAC, counter mode."""
    e = sm4_block(key)
    q = 15 - len(nonce)
    flags = (0x40 if aad else 0) | (((tag_len - 2) // 2) << 3) | (q - 1)
    blocks = bytes([flags]) + nonce + len(pt).to_bytes(q, "big")
    if aad:
        if len(aad) < 0xFF00:
            encoded = len(aad).to_bytes(2, "big")
        elif len(aad) < 1 << 32:
            encoded = b"\xff\xfe" + len(aad).to_bytes(4, "big")
        else:
            encoded = b"\xff\xff" + len(aad).to_bytes(8, "big")
        a = encoded + aad
        blocks += a + bytes(-len(a) % 16)
    blocks += pt + bytes(-len(pt) % 16)
    mac = bytes(16)
    for i in range(0, len(blocks), 16):
        mac = e(bytes(x ^ y for x, y in zip(mac, blocks[i:i + 16])))

    def counter(i):
        return bytes([q - 1]) + nonce + i.to_bytes(q, "big")

    stream = b"".join(e(counter(i)) for i in range(1, (len(pt) + 15) // 16 + 1))
    ct = bytes(x ^ y for x, y in zip(pt, stream))
    tag = bytes(x ^ y for x, y in zip(mac[:tag_len], e(counter(0))))
    return ct, tag


assert tuple(x.hex() for x in gcm(RFC_KEY, RFC_IV, RFC_AAD, RFC_PT)) == RFC_GCM
assert tuple(x.hex() for x in ccm(RFC_KEY, RFC_IV, RFC_AAD, RFC_PT)) == RFC_CCM

rng = random.Random(8998)


def rand(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def make_group(name, seal):
    tests = []

    def add(comment, flags, key, iv, aad, msg, ct, tag, result):
        tests.append({
            "tcId": 0, "comment": comment, "flags": flags, "key": key.hex(), "iv": iv.hex(), "aad": aad.hex(),
            "msg": msg.hex(), "ct": ct.hex(), "tag": tag.hex(), "result": result})

    rfc = RFC_GCM if name == "SM4-GCM" else RFC_CCM
    add("RFC 8998 Appendix A", ["Ktv"], RFC_KEY, RFC_IV, RFC_AAD, RFC_PT, bytes.fromhex(rfc[0]),
        bytes.fromhex(rfc[1]), "valid")
    for size, aad_size, comment in [
        (0, 0, "empty message, no associated data"), (0, 20, "empty message with associated data"),
        (1, 0, "1-byte message"), (15, 3, "15 bytes"), (16, 16, "one block"), (17, 17, "one block and a byte"),
        (64, 0, "64 bytes"), (255, 65, "255 bytes"), (3073, 13, "crosses a 3 KiB stride"),
        (10_000, 1000, "large message and associated data")]:
        key, iv, aad, msg = rand(16), rand(12), rand(aad_size), rand(size)
        ct, tag = seal(key, iv, aad, msg)
        add(comment, ["Pseudorandom"] if size <= 255 else ["LongMessage"], key, iv, aad, msg, ct, tag, "valid")
    key, iv, aad, msg = rand(16), rand(12), rand(8), rand(16)
    ct, tag = seal(key, iv, aad, msg)
    for bit in range(128):
        flipped = bytearray(tag)
        flipped[bit // 8] ^= 1 << (bit % 8)
        add(f"tag bit {bit} flipped", ["ModifiedTag"], key, iv, aad, msg, ct, bytes(flipped), "invalid")
    add("all-zero tag", ["ModifiedTag"], key, iv, aad, msg, ct, bytes(16), "invalid")
    for length in [0, 1, 4, 8, 12, 15]:
        add(f"tag truncated to {length} bytes", ["TruncatedTag"], key, iv, aad, msg, ct, tag[:length], "invalid")
    add("tag with an extra byte", ["TruncatedTag"], key, iv, aad, msg, ct, tag + b"\x00", "invalid")
    for index in [0, 15]:
        changed = bytearray(ct)
        changed[index] ^= 0x01
        add(f"ciphertext byte {index} changed", ["ModifiedCiphertext"], key, iv, aad, msg, bytes(changed), tag,
            "invalid")
    add("ciphertext truncated by one byte", ["ModifiedCiphertext"], key, iv, aad, msg[:-1], ct[:-1], tag, "invalid")
    add("associated data changed", ["ModifiedAad"], key, iv, aad[:-1] + b"\x00", msg, ct, tag, "invalid")
    add("associated data dropped", ["ModifiedAad"], key, iv, b"", msg, ct, tag, "invalid")
    add("wrong key", ["WrongKey"], rand(16), iv, aad, msg, ct, tag, "invalid")
    empty_ct, empty_tag = seal(key, iv, b"", b"")
    flipped = bytes([empty_tag[0] ^ 0x80]) + empty_tag[1:]
    add("empty message, tag changed", ["ModifiedTag"], key, iv, b"", b"", empty_ct, flipped, "invalid")
    for length in [0, 1, 8, 11, 13, 16, 32]:
        nonce = rand(length)
        if name == "SM4-GCM" and length >= 8:
            # A correct SP 800-38D ciphertext for this nonce length: RFC 8998 still allows only 12.
            ct2, tag2 = gcm(key, nonce, aad, msg)
        elif name == "SM4-CCM" and 7 <= length <= 13:
            # SP 800-38C allows 7...13-byte nonces; RFC 8998 fixes 12.
            ct2, tag2 = ccm(key, nonce, aad, msg)
        else:
            ct2, tag2 = rand(16), rand(16)
        add(f"{length}-byte nonce", ["InvalidNonceSize"], key, nonce, aad, msg, ct2, tag2, "invalid")
    return {"type": "AeadTest", "algorithm": name, "keySize": 128, "ivSize": 96, "tagSize": 128, "tests": tests}


groups = [make_group("SM4-GCM", gcm), make_group("SM4-CCM", ccm)]
tc = 0
for group in groups:
    for test in group["tests"]:
        tc += 1
        test["tcId"] = tc
print(json.dumps({
    "algorithm": "SM4-GCM, SM4-CCM",
    "schema": "schemas/sm4-aead.schema.json",
    "source": "tcId 1 of each group: RFC 8998 Appendix A (A.1 SM4-GCM, A.2 SM4-CCM). The rest: generated by "
              "scripts/sm4-aead-vectors.py with pyca/cryptography (SM4-GCM) and SP 800-38C over PyPI gmssl's "
              "SM4 (SM4-CCM), both checked against RFC 8998 first; ivSize/tagSize are the only accepted sizes, "
              "each test's iv and tag carry their own lengths.",
    "numberOfTests": tc,
    "notes": {
        "ModifiedTag": "a tag bit or byte changed; must be rejected with the one authentication error",
        "TruncatedTag": "a tag shorter or longer than 16 bytes; RFC 8998 fixes 16",
        "InvalidNonceSize": "a nonce other than 12 bytes; ct/tag are correct for that nonce where SP 800-38D/C define one",
        "ModifiedCiphertext": "ciphertext changed or truncated",
        "ModifiedAad": "associated data changed or dropped",
        "WrongKey": "another key",
        "LongMessage": "longer messages that cross internal chunking",
        "Pseudorandom": "random key, nonce and inputs",
        "Ktv": "known test vector from RFC 8998",
    },
    "testGroups": groups,
}, indent=1))
