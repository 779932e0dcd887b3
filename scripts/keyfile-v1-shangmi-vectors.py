#!/usr/bin/env python3
"""Writes vectors/keyfile-v1-shangmi.json: keyfile-v1 files of the ShangMi profile (and one standard
file), valid and expected failures, each with the profile its reader requires.

Run by hand (python3 scripts/keyfile-v1-shangmi-vectors.py > vectors/keyfile-v1-shangmi.json); tests
only read the result. Written from docs/spec/keyfile-v1.md alone, with implementations independent of
WalletCrypto: hashlib (PBKDF2-HMAC-SM3, scrypt, SHA-256), pyca/cryptography (SM4-GCM,
ChaCha20-Poly1305) and PyPI gmssl (the SM2 public point). Salts and nonces come from a seeded
generator, so re-running gives the same file.
"""
import base64
import hashlib
import json
import random

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from gmssl.sm2 import CryptSM2, default_ecc_table

N = int(default_ecc_table["n"], 16)
PASSPHRASE = "国密 correct horse"
rng = random.Random(39786)


def rand(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


d = int.from_bytes(hashlib.sha512(b"keyfile-v1 ShangMi SM2").digest()[:32], "big") % (N - 1) + 1
PRIVATE = d.to_bytes(32, "big")
point = CryptSM2(private_key=PRIVATE.hex(), public_key="")._kg(d, default_ecc_table["g"])
SPKI = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d03420004") + bytes.fromhex(point)
KEY_ID = hashlib.sha256(SPKI).digest()[:16]


def sm4_gcm(key, nonce, plaintext, aad):
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    return enc.update(plaintext) + enc.finalize() + enc.tag


def make(purpose=1, kdf=("pbkdf2", 10_000), aead=2, label="ShangMi signer", passphrase=PASSPHRASE,
         kdf_bytes=None):
    salt, nonce = rand(16), rand(12)
    password = passphrase.encode()
    if kdf[0] == "pbkdf2":
        kdf_id, params = 2, kdf[1].to_bytes(3, "big")
        key_len = 16 if aead == 2 else 32
        key = hashlib.pbkdf2_hmac("sm3", password, salt, max(kdf[1], 1), key_len)
    else:
        kdf_id, params = 1, bytes([10, 8, 1])
        key = hashlib.scrypt(password, salt=salt, n=1 << 10, r=8, p=1, dklen=16 if aead == 2 else 32)
    if kdf_bytes is not None:
        kdf_id, params = kdf_bytes[0], bytes(kdf_bytes[1:])
    label_bytes = label.encode()
    header = (b"WCKF" + bytes([1, 6, purpose, kdf_id]) + params + salt + bytes([aead]) + nonce + KEY_ID
              + len(SPKI).to_bytes(2, "big") + SPKI + len(label_bytes).to_bytes(2, "big") + label_bytes)
    if aead == 1:
        sealed = ChaCha20Poly1305(key).encrypt(nonce, PRIVATE, header)
    else:
        sealed = sm4_gcm(key, nonce, PRIVATE, header)
    return header + sealed


def armour(binary):
    text = base64.b64encode(binary).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "-----BEGIN WALLETCUSTODY ENCRYPTED KEY-----\n" + "\n".join(lines) + \
        "\n-----END WALLETCUSTODY ENCRYPTED KEY-----\n"


def edit(binary, index, value):
    changed = bytearray(binary)
    changed[index] = value
    return bytes(changed)


tests = []


def add(comment, flags, binary, result, profile="ShangMi", scheme="SM2", passphrase=PASSPHRASE, error=None,
        label=None):
    test = {"tcId": len(tests) + 1, "comment": comment, "flags": flags, "file": armour(binary),
            "passphrase": passphrase, "profile": profile, "scheme": scheme, "result": result}
    if result == "valid":
        test.update({"publicKeyDer": SPKI.hex(), "keyId": KEY_ID.hex(), "label": label})
    else:
        test["expectedError"] = error
    tests.append(test)


signing = make()
add("SM2 signing key, PBKDF2-HMAC-SM3 (10,000 iterations), SM4-GCM", ["Valid"], signing, "valid",
    label="ShangMi signer")
add("SM2 encryption key (purpose 03), scrypt N=2^10 r=8 p=1, SM4-GCM", ["Valid"],
    make(purpose=3, kdf=("scrypt",), label="SM2 content-key recipient"), "valid", scheme="SM2/encryption",
    label="SM2 content-key recipient")
add("non-ASCII label", ["Valid"], make(label="国密 签名密钥 2026"), "valid", label="国密 签名密钥 2026")
add("ShangMi file read where the standard profile is required", ["ProfileMismatch"], signing, "invalid",
    profile="standard", error="invalidParameter")
standard = make(kdf=("scrypt",), aead=1, label="standard file")
add("standard-profile file (scrypt, ChaCha20-Poly1305) read where ShangMi is required", ["ProfileMismatch"],
    standard, "invalid", error="invalidParameter")
add("the same standard file read where the standard profile is required", ["Valid"], standard, "valid",
    profile="standard", label="standard file")
add("wrong passphrase", ["WrongPassphrase"], signing, "invalid", passphrase="国密 correct horsE",
    error="authenticationFailure")
add("tag changed", ["ModifiedTag"], edit(signing, len(signing) - 1, signing[-1] ^ 1), "invalid",
    error="authenticationFailure")
label_at = len(signing) - 48 - len(b"ShangMi signer")
add("label changed (authenticated)", ["ModifiedHeader"], edit(signing, label_at, ord("s")), "invalid",
    error="authenticationFailure")
add("iteration count changed (authenticated)", ["ModifiedHeader"], edit(signing, 10, signing[10] ^ 1), "invalid",
    error="authenticationFailure")
add("PBKDF2-HMAC-SM3 with ChaCha20-Poly1305: no such profile", ["UnknownSuite"], make(aead=1), "invalid",
    error="invalidEncoding")
add("PBKDF2 count 9,999", ["KdfRange"], make(kdf=("pbkdf2", 9_999)), "invalid", error="invalidEncoding")
add("PBKDF2 count 10,000,001", ["KdfRange"], make(kdf=("pbkdf2", 10_000_000), kdf_bytes=[2, 0x98, 0x96, 0x81]),
    "invalid", error="invalidEncoding")
add("unknown AEAD 03", ["UnknownAead"], edit(signing, 27, 3), "invalid", error="invalidEncoding")
add("unknown KDF 03", ["UnknownKdf"], edit(signing, 7, 3), "invalid", error="invalidEncoding")
add("kdf byte 02 changed to 01: its count bytes are no scrypt parameters", ["UnknownSuite"],
    edit(signing, 7, 1), "invalid", error="invalidEncoding")
add("encryption key opened as a signing key", ["WrongPurpose"], make(purpose=3), "invalid",
    error="invalidParameter")
add("trailing byte", ["Trailing"], signing + b"\x00", "invalid", error="invalidEncoding")

print(json.dumps({
    "algorithm": "keyfile-v1, ShangMi profile",
    "schema": "schemas/keyfile-v1-shangmi.schema.json",
    "source": "generated by scripts/keyfile-v1-shangmi-vectors.py from docs/spec/keyfile-v1.md with hashlib, "
              "pyca/cryptography and gmssl (no WalletCrypto code), then frozen",
    "numberOfTests": len(tests),
    "testGroups": [{"type": "KeyFileProfileTest", "tests": tests}],
}, indent=1, ensure_ascii=False))
