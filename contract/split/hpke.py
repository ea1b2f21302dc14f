"""The helper's HPKE key (RFC 9180, base mode): X25519, HKDF-SHA256, AES-128-GCM.

The primitives are ``cryptography``'s (``hazmat.primitives.hpke``). Its single-shot
API takes no separate associated data: as RFC 9180 §8.1 advises for single-shot
use, the associated data goes into ``info``, which the key schedule binds just as
firmly (a different ``info`` gives a different key, so opening fails).

``HpkeConfig`` is what the helper publishes at ``GET /api/v1/hpke-config``; the
private key never leaves the helper.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

from contract.split.codec import b64decode, b64encode, length_prefixed
from contract.split.errors import SplitError

# RFC 9180 §7 identifiers of the one suite Répit uses.
KEM_X25519_HKDF_SHA256 = 0x0020
KDF_HKDF_SHA256 = 0x0001
AEAD_AES_128_GCM = 0x0001
PUBLIC_KEY_SIZE = 32
PRIVATE_KEY_SIZE = 32
ENC_SIZE = 32  # X25519's encapsulated key
TAG_SIZE = 16
INFO_LABEL = b"repit split helper share v1"

_SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_128_GCM)
_CONFIG_KEYS = ("id", "kem_id", "kdf_id", "aead_id", "public_key")


@dataclass(frozen=True)
class HpkeConfig:
    id: int
    kem_id: int
    kdf_id: int
    aead_id: int
    public_key: bytes

    def __post_init__(self) -> None:
        if not 0 <= self.id <= 255:
            raise ValueError("`id`: expected 0..255")
        if (self.kem_id, self.kdf_id, self.aead_id) != (
            KEM_X25519_HKDF_SHA256,
            KDF_HKDF_SHA256,
            AEAD_AES_128_GCM,
        ):
            raise ValueError("`kem_id`/`kdf_id`/`aead_id`: only X25519, HKDF-SHA256, AES-128-GCM")
        if len(self.public_key) != PUBLIC_KEY_SIZE:
            raise ValueError(f"`public_key`: expected {PUBLIC_KEY_SIZE} bytes")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kem_id": self.kem_id,
            "kdf_id": self.kdf_id,
            "aead_id": self.aead_id,
            "public_key": b64encode(self.public_key),
        }

    @classmethod
    def from_json(cls, obj: object) -> HpkeConfig:
        """A configuration from its JSON; ``ValueError`` naming the field that is wrong."""
        if not isinstance(obj, dict):
            raise ValueError("HPKE configuration: expected a JSON object")
        for key in obj:
            if key not in _CONFIG_KEYS:
                raise ValueError(f"HPKE configuration: unknown field `{str(key)[:40]}`")
        numbers: dict[str, int] = {}
        for key in _CONFIG_KEYS[:4]:
            value = obj.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 0xFFFF:
                raise ValueError(f"HPKE configuration: `{key}` must be an integer 0..65535")
            numbers[key] = value
        try:
            public_key = b64decode(obj.get("public_key"), "public_key", PUBLIC_KEY_SIZE)
        except SplitError as error:
            raise ValueError(f"HPKE configuration: {error}") from None
        return cls(public_key=public_key, **numbers)


def generate_keypair(config_id: int | None = None) -> tuple[HpkeConfig, bytes]:
    """A new key pair: the public configuration and the raw 32-byte private key."""
    private = X25519PrivateKey.generate()
    config = HpkeConfig(
        id=os.urandom(1)[0] if config_id is None else config_id,
        kem_id=KEM_X25519_HKDF_SHA256,
        kdf_id=KDF_HKDF_SHA256,
        aead_id=AEAD_AES_128_GCM,
        public_key=private.public_key().public_bytes_raw(),
    )
    return config, private.private_bytes_raw()


def public_config(config_id: int, private_key: bytes) -> HpkeConfig:
    """The configuration of a stored private key (the helper keeps only the private key)."""
    if len(private_key) != PRIVATE_KEY_SIZE:
        raise SplitError(f"HPKE private key: expected {PRIVATE_KEY_SIZE} bytes")
    public = X25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes_raw()
    return HpkeConfig(config_id, KEM_X25519_HKDF_SHA256, KDF_HKDF_SHA256, AEAD_AES_128_GCM, public)


def _info(config: HpkeConfig, aad: bytes) -> bytes:
    return length_prefixed([INFO_LABEL, bytes([config.id]), aad])


def seal(config: HpkeConfig, plaintext: bytes, aad: bytes) -> bytes:
    """``plaintext`` encrypted to the configuration's key, bound to ``aad``: enc ‖ ciphertext."""
    public = X25519PublicKey.from_public_bytes(config.public_key)
    return _SUITE.encrypt(plaintext, public, info=_info(config, aad))


def open_sealed(config: HpkeConfig, private_key: bytes, blob: bytes, aad: bytes) -> bytes:
    """The plaintext of ``seal``'s output; ``SplitError`` for any wrong key, blob or ``aad``."""
    if len(private_key) != PRIVATE_KEY_SIZE:
        raise SplitError(f"HPKE private key: expected {PRIVATE_KEY_SIZE} bytes")
    if len(blob) < ENC_SIZE + TAG_SIZE:
        raise SplitError("sealed share too short")
    try:
        private = X25519PrivateKey.from_private_bytes(private_key)
        return _SUITE.decrypt(blob, private, info=_info(config, aad))
    except (InvalidTag, ValueError) as error:
        raise SplitError("the sealed share does not open with this key and context") from error
