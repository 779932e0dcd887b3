"""Helpers shared by the vector generators in scripts/: RFC 5869 HKDF over Python's hmac, GCM from
pyca/cryptography, and a Wycheproof-style file builder. No WalletCrypto code."""
import hmac
import json
import random

from cryptography.hazmat.primitives.ciphers import Cipher, modes


def hkdf(digest, ikm, salt, info, length):
    """RFC 5869 HKDF as its two HMAC steps; `digest` is a hashlib name such as "sm3"."""
    prk = hmac.new(salt, ikm, digest).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), digest).digest()
        out += block
        counter += 1
    return out[:length]


def gcm(cipher, key, nonce, plaintext, aad=b""):
    """ciphertext ‖ tag of `plaintext` under `cipher` (algorithms.SM4 or algorithms.AES) in GCM."""
    enc = Cipher(cipher(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    return enc.update(plaintext) + enc.finalize() + enc.tag


class Seeded(random.Random):
    """A seeded generator for keys and nonces, so a rerun writes the same bytes."""

    def rand(self, n):
        return bytes(self.getrandbits(8) for _ in range(n))

    def sealed(self, cipher, key, plaintext, aad):
        """nonce ‖ ciphertext ‖ tag in GCM, with a 12-byte nonce from this generator."""
        nonce = self.rand(12)
        return nonce + gcm(cipher, key, nonce, plaintext, aad)


def flip(data, index, bit=1):
    """`data` with `bit` flipped in the byte at `index`."""
    out = bytearray(data)
    out[index] ^= bit
    return bytes(out)


class VectorFile:
    """Groups of tests numbered in order, printed as the vectors/ JSON layout."""

    def __init__(self):
        self.groups = []
        self.count = 0

    def group(self, kind):
        self.groups.append({"type": kind, "tests": []})

    def add(self, comment, flags, result, error=None, **fields):
        self.count += 1
        test = {"tcId": self.count, "comment": comment, "flags": flags}
        test.update(fields)
        test["result"] = result
        if error:
            test["expectedError"] = error
        self.groups[-1]["tests"].append(test)

    def print(self, algorithm, schema, source):
        print(json.dumps({"algorithm": algorithm, "schema": schema, "source": source, "numberOfTests": self.count,
                          "testGroups": self.groups}, indent=1))
