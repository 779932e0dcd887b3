#!/usr/bin/env python3
"""Writes vectors/card-record-shangmi.json: the card vault's ShangMi profile (KEK check values,
SM4-GCM-wrapped tenant data keys, SM4-GCM-sealed card records, HMAC-SM3 fingerprints) and the
standard profile beside it, valid cases and expected failures, each with the profile its reader uses.

Run by hand (python3 scripts/card-record-shangmi-vectors.py > vectors/card-record-shangmi.json);
tests only read the result. Written from docs/cardvault.md ("Exact bytes of both profiles") alone
with Python's hmac/hashlib (HMAC and HKDF as RFC 5869's two HMAC steps, over SM3 or SHA-256) and
pyca/cryptography (SM4-GCM, AES-256-GCM); no WalletCrypto code. Keys and nonces come from a seeded
generator.
"""
import hmac

from cryptography.hazmat.primitives.ciphers import algorithms

import vector_tools
from vector_tools import flip

rng = vector_tools.Seeded(13013)
rand = rng.rand
gcm = rng.sealed
SM, STD = "ShangMi", "standard"


def hkdf(digest, ikm, info, length):
    return vector_tools.hkdf(digest, ikm, b"", info, length)


def aead(profile, key, plaintext, aad):
    return gcm(algorithms.SM4 if profile == SM else algorithms.AES, key, plaintext, aad)


def check_value(profile, kek):
    if profile == SM:
        return hmac.new(kek, b"WalletCustody-vault-kek-check-v1-sm", "sm3").digest()[:16]
    return hmac.new(kek, b"WalletCustody-vault-kek-check-v1", "sha256").digest()[:16]


def wrap_aad(profile, tenant, version):
    label = b"WalletCustody-vault-dek-v1-sm" if profile == SM else b"WalletCustody-vault-dek-v1"
    return label + b"\x00" + version.to_bytes(4, "big") + tenant.encode()


def wrapping_key(profile, kek):
    return hkdf("sm3", kek, b"WalletCustody-vault-dek-v1 SM4", 16) if profile == SM else kek


def wrap(profile, kek, data_key, tenant, version):
    return aead(profile, wrapping_key(profile, kek), data_key, wrap_aad(profile, tenant, version))


def subkey(profile, data_key, label, tenant, length):
    info = b"WalletCustody-vault-" + label + b"-v1" + tenant.encode()
    return hkdf("sm3" if profile == SM else "sha256", data_key, info, length)


def fingerprint(profile, data_key, tenant, pan):
    key = subkey(profile, data_key, b"fingerprint", tenant, 32)
    return hmac.new(key, pan.encode(), "sm3" if profile == SM else "sha256").digest()


def lp(value):
    return len(value).to_bytes(2, "big") + value


def u64(value):
    return value.to_bytes(8, "big", signed=True)


def record_aad(profile, r):
    label = b"WalletCustody-vault-record-v2-sm" if profile == SM else b"WalletCustody-vault-record-v2"
    fp = bytes.fromhex(r["fingerprint"]) if "fingerprint" in r else None
    six = r.get("firstSix")
    return (label + lp(r["recordTenant"].encode()) + lp(r["token"].encode()) + bytes([fp is not None])
            + lp(fp or b"") + lp(r["brand"].encode()) + bytes([six is not None]) + lp((six or "").encode())
            + lp(r["lastFour"].encode()) + u64(r["length"]) + u64(r["expiryMonth"]) + u64(r["expiryYear"])
            + u64(r["expiresAt"]) + u64(r["dataKeyVersion"]))


def seal(profile, data_key, r, digits):
    key = subkey(profile, data_key, b"record", r["recordTenant"], 16) if profile == SM else data_key
    return aead(profile, key, digits.encode(), record_aad(profile, r))


def luhn_complete(body):
    """`body` followed by the digit that makes it pass Luhn."""
    for check in "0123456789":
        digits = body + check
        total = 0
        for index, d in enumerate(reversed(digits)):
            v = int(d) * (2 if index % 2 else 1)
            total += v - 9 if v > 9 else v
        if total % 10 == 0:
            return digits
    raise AssertionError


def passes_luhn(digits):
    return luhn_complete(digits[:-1]) == digits


def token_for(pan, keep_six):
    """A random token as the vault makes them: the PAN's length and last four (and first six when
    kept), random digits between, failing Luhn."""
    kept = pan[:6] if keep_six else ""
    while True:
        token = kept + "".join(rng.choice("0123456789") for _ in range(len(pan) - len(kept) - 4)) + pan[-4:]
        if not passes_luhn(token):
            return token


out = vector_tools.VectorFile()
add = out.add

# KEK check values.
out.group("KekCheckValueTest")
kek = rand(32)
for profile in (SM, STD):
    add(f"{profile} check value of a KEK", ["Valid"], "valid", profile=profile, kek=kek.hex(),
        checkValue=check_value(profile, kek).hex())
add("the standard check value compared in the ShangMi profile (the vault refuses the keyring)",
    ["ProfileMismatch"], "invalid", profile=SM, kek=kek.hex(), checkValue=check_value(STD, kek).hex())
add("the ShangMi check value compared in the standard profile", ["ProfileMismatch"], "invalid", profile=STD,
    kek=kek.hex(), checkValue=check_value(SM, kek).hex())
add("the check value of another KEK", ["WrongKey"], "invalid", profile=SM, kek=rand(32).hex(),
    checkValue=check_value(SM, kek).hex())

# Tenant data keys wrapped under a KEK.
out.group("DataKeyWrapTest")
tenant_a, tenant_b = "bank-a", "bank-b"
data_key_a = rand(32)
sm_wrapped = wrap(SM, kek, data_key_a, tenant_a, 1)
std_wrapped = wrap(STD, kek, data_key_a, tenant_a, 1)
sm_v3 = wrap(SM, kek, data_key_a, tenant_b, 3)


def wrap_case(comment, flags, result, profile, wrapped, tenant, version, error="authenticationFailure"):
    fields = dict(profile=profile, kek=kek.hex(), kekVersion=version, tenant=tenant, wrapped=wrapped.hex())
    if result == "valid":
        fields.update(dataKey=data_key_a.hex(), associatedData=wrap_aad(profile, tenant, version).hex())
        error = None
    add(comment, flags, result, error, **fields)


wrap_case("ShangMi data key wrapped under KEK version 1", ["Valid"], "valid", SM, sm_wrapped, tenant_a, 1)
wrap_case("ShangMi data key of another tenant wrapped under KEK version 3", ["Valid"], "valid", SM, sm_v3,
          tenant_b, 3)
wrap_case("standard data key wrapped under KEK version 1", ["Valid"], "valid", STD, std_wrapped, tenant_a, 1)
wrap_case("last tag bit flipped", ["ModifiedTag"], "invalid", SM, flip(sm_wrapped, -1, 0x80), tenant_a, 1)
wrap_case("first ciphertext byte changed", ["ModifiedCiphertext"], "invalid", SM, flip(sm_wrapped, 12), tenant_a,
          1)
wrap_case("nonce changed", ["ModifiedNonce"], "invalid", SM, flip(sm_wrapped, 0), tenant_a, 1)
wrap_case("truncated by one byte", ["Truncated"], "invalid", SM, sm_wrapped[:-1], tenant_a, 1)
wrap_case("read for another tenant", ["WrongTenant"], "invalid", SM, sm_wrapped, tenant_b, 1)
wrap_case("read as KEK version 2 (the same KEK loaded under it)", ["WrongVersion"], "invalid", SM, sm_wrapped,
          tenant_a, 2)
wrap_case("standard wrapped key read by a ShangMi keyring", ["ProfileMismatch"], "invalid", SM, std_wrapped,
          tenant_a, 1)
wrap_case("ShangMi wrapped key read by a standard keyring", ["ProfileMismatch"], "invalid", STD, sm_wrapped,
          tenant_a, 1)
no_hkdf = gcm(algorithms.SM4, kek[:16], data_key_a, wrap_aad(SM, tenant_a, 1))
wrap_case("SM4-GCM under the KEK's first 16 bytes instead of the HKDF-SM3 key", ["WrongKeyDerivation"], "invalid",
          SM, no_hkdf, tenant_a, 1)
std_label = aead(SM, wrapping_key(SM, kek), data_key_a, wrap_aad(STD, tenant_a, 1))
wrap_case("SM4-GCM with the standard associated-data label", ["WrongLabel"], "invalid", SM, std_label, tenant_a, 1)

# Card records sealed under a tenant data key.
out.group("CardRecordTest")
visa = "4111111111111111"
unionpay = luhn_complete("621234567890123456")
amex = "378282246310005"


def record(pan, brand, tenant, token, keep_six, with_fp, profile, version=1, month=9, year=2031,
           expires=1950911999):
    r = {"recordTenant": tenant, "token": token}
    if with_fp:
        r["fingerprint"] = fingerprint(profile, data_key_a, tenant, pan).hex()
    r["brand"] = brand
    if keep_six:
        r["firstSix"] = pan[:6]
    r.update(lastFour=pan[-4:], length=len(pan), expiryMonth=month, expiryYear=year, expiresAt=expires,
             dataKeyVersion=version)
    return r


def record_case(comment, flags, result, profile, r, sealed, reader=None, pan=None, error="authenticationFailure"):
    fields = dict(profile=profile, dataKey=data_key_a.hex(), tenant=reader or r["recordTenant"])
    fields.update(r)
    fields["sealed"] = sealed.hex()
    if result == "valid":
        fields.update(pan=pan, associatedData=record_aad(profile, r).hex())
        error = None
    add(comment, flags, result, error, **fields)


r1 = record(unionpay, "unionpay", tenant_a, token_for(unionpay, True), True, True, SM)
s1 = seal(SM, data_key_a, r1, unionpay)
record_case("ShangMi record: 19-digit UnionPay, fingerprint and first six kept", ["Valid"], "valid", SM, r1, s1,
            pan=unionpay)
r2 = record(visa, "visa", tenant_a, token_for(visa, False), False, False, SM)
s2 = seal(SM, data_key_a, r2, visa)
record_case("ShangMi record: Visa, no fingerprint, first six not kept", ["Valid"], "valid", SM, r2, s2, pan=visa)
r3 = record(amex, "amex", tenant_a, token_for(amex, False), False, True, SM, version=7, month=12, year=2099,
            expires=4102444799)
s3 = seal(SM, data_key_a, r3, amex)
record_case("ShangMi record: Amex, data-key version 7, expiry 12/2099", ["Valid"], "valid", SM, r3, s3, pan=amex)
r4 = record(visa, "visa", tenant_a, token_for(visa, False), False, True, STD)
s4 = seal(STD, data_key_a, r4, visa)
record_case("standard record (AES-256-GCM under the data key) read by a standard vault", ["Valid"], "valid", STD,
            r4, s4, pan=visa)

record_case("last tag bit flipped", ["ModifiedTag"], "invalid", SM, r1, flip(s1, -1, 0x80))
record_case("first tag bit flipped", ["ModifiedTag"], "invalid", SM, r1, flip(s1, -16, 0x01))
record_case("a ciphertext digit changed", ["ModifiedCiphertext"], "invalid", SM, r1, flip(s1, 14))
record_case("truncated to nonce and tag only", ["Truncated"], "invalid", SM, r1, s1[:12] + s1[-16:])
for field, value, flag in [("token", token_for(unionpay, True), "WrongToken"),
                           ("dataKeyVersion", 2, "WrongVersion"),
                           ("lastFour", "1111", "ModifiedMetadata"),
                           ("brand", "discover", "ModifiedMetadata"),
                           ("expiresAt", 1950911998, "ModifiedMetadata"),
                           ("expiryYear", 2032, "ModifiedMetadata"),
                           ("firstSix", "621235", "ModifiedMetadata"),
                           ("fingerprint", fingerprint(SM, data_key_a, tenant_a, visa).hex(), "MovedFingerprint")]:
    edited = dict(r1)
    edited[field] = value
    record_case(f"stored {field} changed after sealing", [flag], "invalid", SM, edited, s1)
edited = dict(r1)
del edited["fingerprint"]
record_case("stored fingerprint removed after sealing", ["ModifiedMetadata"], "invalid", SM, edited, s1)
moved = dict(r1)
moved["recordTenant"] = tenant_b
record_case("row moved to another tenant (same data key, so only the associated data differs)", ["WrongTenant"],
            "invalid", SM, moved, s1)
record_case("record read by another tenant", ["WrongTenant"], "invalid", SM, r1, s1, reader=tenant_b)
record_case("standard record read by a ShangMi vault", ["ProfileMismatch"], "invalid", SM, r4, s4)
record_case("ShangMi record read by a standard vault", ["ProfileMismatch"], "invalid", STD, r2, s2)
no_hkdf = gcm(algorithms.SM4, data_key_a[:16], visa.encode(), record_aad(SM, r2))
record_case("SM4-GCM under the data key's first 16 bytes instead of the HKDF-SM3 record key",
            ["WrongKeyDerivation"], "invalid", SM, r2, no_hkdf)
std_label = gcm(algorithms.SM4, subkey(SM, data_key_a, b"record", tenant_a, 16), visa.encode(),
                record_aad(STD, r2))
record_case("SM4-GCM with the standard record label", ["WrongLabel"], "invalid", SM, r2, std_label)
other = luhn_complete("411111111111234")
lying = record(other, "visa", tenant_a, token_for(visa, False), False, False, SM)
lying["lastFour"] = visa[-4:]
record_case("authentic, but the sealed PAN's last four are not the stored last four", ["MetadataMismatch"],
            "invalid", SM, lying, seal(SM, data_key_a, lying, other))
short = record(visa, "visa", tenant_a, token_for(visa, False), False, False, SM)
short["length"] = 15
record_case("authentic, but the sealed PAN's length is not the stored length", ["MetadataMismatch"], "invalid",
            SM, short, seal(SM, data_key_a, short, visa))
bad_luhn = visa[:-1] + "2"
r5 = record(bad_luhn, "visa", tenant_a, token_for(bad_luhn, False), False, False, SM)
record_case("authentic, but the sealed digits fail the Luhn check", ["MetadataMismatch"], "invalid", SM, r5,
            seal(SM, data_key_a, r5, bad_luhn))

# Keyed fingerprints of PANs.
out.group("FingerprintTest")


def fp_case(comment, flags, result, profile, tenant, pan, value):
    add(comment, flags, result, profile=profile, dataKey=data_key_a.hex(), tenant=tenant, pan=pan,
        fingerprint=value.hex())


fp_case("ShangMi fingerprint of a UnionPay PAN", ["Valid"], "valid", SM, tenant_a, unionpay,
        fingerprint(SM, data_key_a, tenant_a, unionpay))
fp_case("ShangMi fingerprint of a Visa PAN typed with spaces (the digits are hashed)", ["Valid"], "valid", SM,
        tenant_a, "4111 1111 1111 1111", fingerprint(SM, data_key_a, tenant_a, visa))
fp_case("standard fingerprint of the same PAN", ["Valid"], "valid", STD, tenant_a, visa,
        fingerprint(STD, data_key_a, tenant_a, visa))
fp_case("the standard fingerprint expected in the ShangMi profile", ["ProfileMismatch"], "invalid", SM, tenant_a,
        visa, fingerprint(STD, data_key_a, tenant_a, visa))
fp_case("another tenant's fingerprint of the same PAN and data key", ["WrongTenant"], "invalid", SM, tenant_a,
        visa, fingerprint(SM, data_key_a, tenant_b, visa))
fp_case("HMAC-SM3 of the PAN under the data key itself, not the derived fingerprint key",
        ["WrongKeyDerivation"], "invalid", SM, tenant_a, visa, hmac.new(data_key_a, visa.encode(), "sm3").digest())

out.print(
    "card vault records, ShangMi and standard profiles",
    "schemas/card-record-shangmi.schema.json",
    "generated by scripts/card-record-shangmi-vectors.py from docs/cardvault.md with Python's hmac "
    "(HMAC and HKDF over SM3 and SHA-256) and pyca/cryptography (SM4-GCM, AES-256-GCM), then frozen")
