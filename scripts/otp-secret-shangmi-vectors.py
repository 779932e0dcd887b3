#!/usr/bin/env python3
"""Writes vectors/otp-secret-shangmi.json: the Authenticator's OTP secrets sealed in the ShangMi
profile (SM4-GCM under an HKDF-SM3 key) and recovery-code hashes (HMAC-SM3), with standard-profile
cases beside them, valid cases and expected failures.

Run by hand (python3 scripts/otp-secret-shangmi-vectors.py > vectors/otp-secret-shangmi.json);
tests only read the result. Written from docs/otp.md ("Secrets at rest", "ShangMi profile") alone
with Python's hmac (HMAC and HKDF as RFC 5869's two HMAC steps, over SM3 or SHA-256) and
pyca/cryptography (SM4-GCM, AES-256-GCM); no WalletCrypto code. Keys and nonces come from a seeded
generator.
"""
import hmac

from cryptography.hazmat.primitives.ciphers import algorithms

import vector_tools
from vector_tools import flip

rng = vector_tools.Seeded(6238)
rand = rng.rand
gcm = rng.sealed
SM, STD = "ShangMi", "standard"


def hkdf(digest, ikm, info, length):
    return vector_tools.hkdf(digest, ikm, b"", info, length)


def binding(profile, user, version):
    label = b"WalletCustody-otp-secret-v1-sm" if profile == SM else b"WalletCustody-otp-secret-v1"
    return label + b"\x00" + version.to_bytes(4, "big") + user.encode()


def sealing_key(profile, kek):
    return hkdf("sm3", kek, b"WalletCustody-otp-secret-v1 SM4", 16) if profile == SM else kek


def seal(profile, kek, secret, user, version):
    cipher = algorithms.SM4 if profile == SM else algorithms.AES
    return gcm(cipher, sealing_key(profile, kek), secret, binding(profile, user, version))


def recovery_hash(profile, key, user, code):
    message = b"WalletCustody-otp-recovery-v1\x00" + user.encode() + b"\x00" + code.encode()
    return hmac.new(key, message, "sm3" if profile == SM else "sha256").digest()


out = vector_tools.VectorFile()
add = out.add

# Sealed OTP secrets.
out.group("OtpSecretSealTest")
kek = rand(32)
alice, cafe_nfc, cafe_nfd = "alice@example.com", "Caf\u00e9", "Cafe\u0301"
secret20, secret32 = rand(20), rand(32)
sm1 = seal(SM, kek, secret20, alice, 1)
std1 = seal(STD, kek, secret20, alice, 1)


def seal_case(comment, flags, result, profile, sealed, user, version, record_profile=None, secret=secret20,
              error="storageFailure"):
    fields = dict(profile=profile, recordProfile=record_profile or profile, kek=kek.hex(), keyVersion=version,
                  user=user, sealed=sealed.hex())
    if result == "valid":
        fields.update(secret=secret.hex(), associatedData=binding(profile, user, version).hex())
        error = None
    add(comment, flags, result, error, **fields)


seal_case("ShangMi: 20-byte SHA-1 secret under key version 1", ["Valid"], "valid", SM, sm1, alice, 1)
seal_case("ShangMi: 32-byte secret of a non-ASCII user ID under key version 5", ["Valid"], "valid", SM,
          seal(SM, kek, secret32, cafe_nfc, 5), cafe_nfc, 5, secret=secret32)
seal_case("ShangMi: a one-byte user ID", ["Valid"], "valid", SM,
          seal(SM, kek, secret20, "x", 1), "x", 1)
seal_case("standard: AES-256-GCM under the key-encryption key itself", ["Valid"], "valid", STD, std1, alice, 1)
seal_case("last tag bit flipped", ["ModifiedTag"], "invalid", SM, flip(sm1, -1, 0x80), alice, 1)
seal_case("first ciphertext byte changed", ["ModifiedCiphertext"], "invalid", SM, flip(sm1, 12), alice, 1)
seal_case("nonce changed", ["ModifiedNonce"], "invalid", SM, flip(sm1, 11), alice, 1)
seal_case("shorter than nonce and tag", ["Truncated"], "invalid", SM, sm1[:27], alice, 1)
seal_case("copied to another user's row", ["WrongUser"], "invalid", SM, sm1, "bob@example.com", 1)
seal_case("sealed for the NFC user ID, read for its canonically equivalent NFD form", ["WrongUser"], "invalid", SM,
          seal(SM, kek, secret20, cafe_nfc, 1), cafe_nfd, 1)
seal_case("relabelled as key version 2 (the same key loaded under it)", ["WrongVersion"], "invalid", SM, sm1,
          alice, 2)
seal_case("standard row read by a ShangMi authenticator (refused by the recorded profile)", ["ProfileMismatch"],
          "invalid", SM, std1, alice, 1, record_profile=STD, error="invalidParameter")
seal_case("ShangMi row read by a standard authenticator (refused by the recorded profile)", ["ProfileMismatch"],
          "invalid", STD, sm1, alice, 1, record_profile=SM, error="invalidParameter")
seal_case("standard secret whose row profile was changed to ShangMi with SQL", ["ProfileRelabelled"], "invalid",
          SM, std1, alice, 1)
seal_case("ShangMi secret whose row profile was changed to standard with SQL", ["ProfileRelabelled"], "invalid",
          STD, sm1, alice, 1)
seal_case("SM4-GCM under the key-encryption key's first 16 bytes instead of the HKDF-SM3 key",
          ["WrongKeyDerivation"], "invalid", SM,
          gcm(algorithms.SM4, kek[:16], secret20, binding(SM, alice, 1)), alice, 1)
seal_case("SM4-GCM with the standard associated-data label", ["WrongLabel"], "invalid", SM,
          gcm(algorithms.SM4, sealing_key(SM, kek), secret20, binding(STD, alice, 1)), alice, 1)

# Recovery-code hashes.
out.group("RecoveryCodeHashTest")
recovery_key = rand(32)


def code_case(comment, flags, result, profile, user, code, value=None, error=None):
    fields = dict(profile=profile, recoveryCodeKey=recovery_key.hex(), user=user, code=code)
    if value is not None:
        fields["hash"] = value.hex()
    add(comment, flags, result, error, **fields)


code_case("ShangMi hash of a code as shown", ["Valid"], "valid", SM, alice, "ABCDE-FGH23",
          recovery_hash(SM, recovery_key, alice, "ABCDEFGH23"))
code_case("ShangMi hash of the same code typed in lower case with spaces", ["Valid"], "valid", SM, alice,
          "abcde fgh23", recovery_hash(SM, recovery_key, alice, "ABCDEFGH23"))
code_case("ShangMi hash for a non-ASCII user ID", ["Valid"], "valid", SM, cafe_nfc, "Q7Z2K-M3XW4",
          recovery_hash(SM, recovery_key, cafe_nfc, "Q7Z2KM3XW4"))
code_case("standard hash of a code", ["Valid"], "valid", STD, alice, "ABCDE-FGH23",
          recovery_hash(STD, recovery_key, alice, "ABCDEFGH23"))
code_case("the standard hash expected in the ShangMi profile", ["ProfileMismatch"], "invalid", SM, alice,
          "ABCDE-FGH23", recovery_hash(STD, recovery_key, alice, "ABCDEFGH23"))
code_case("another user's hash of the same code", ["WrongUser"], "invalid", SM, alice, "ABCDE-FGH23",
          recovery_hash(SM, recovery_key, "bob@example.com", "ABCDEFGH23"))
code_case("the NFD user's hash for the NFC user", ["WrongUser"], "invalid", SM, cafe_nfc, "Q7Z2K-M3XW4",
          recovery_hash(SM, recovery_key, cafe_nfd, "Q7Z2KM3XW4"))
code_case("hash of the code as typed, not normalised", ["NotNormalised"], "invalid", SM, alice, "abcde-fgh23",
          recovery_hash(SM, recovery_key, alice, "abcde-fgh23"))
for code, why in [("ABCDE-FGH21", "the digit 1 is not Base32"), ("ABCDE-FGH2", "nine characters"),
                  ("ABCDE-FGH234", "eleven characters"), ("ABCDE_FGH23", "an underscore")]:
    code_case(f"malformed code: {why}", ["MalformedCode"], "invalid", SM, alice, code, error="invalidCode")

out.print(
    "Authenticator OTP secrets and recovery codes, ShangMi and standard profiles",
    "schemas/otp-secret-shangmi.schema.json",
    "generated by scripts/otp-secret-shangmi-vectors.py from docs/otp.md with Python's hmac "
    "(HMAC and HKDF over SM3 and SHA-256) and pyca/cryptography (SM4-GCM, AES-256-GCM), then frozen")
