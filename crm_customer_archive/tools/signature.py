"""Ed25519 signatures of licence files and tokens.

Keys travel as PEM text (PKCS#8 for the private key, SubjectPublicKeyInfo
for the public one): that is how they are stored and published."""

import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"


def canonical_json(data):
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64url(data):
    """URL-safe base 64 without padding, as in JWTs."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def generate_private_key_pem():
    """A new Ed25519 private key, as unencrypted PKCS#8 PEM text."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def _load_private_key(private_key_pem):
    return serialization.load_pem_private_key(private_key_pem.encode(), password=None)


def public_key_pem(private_key_pem):
    """The public key (PEM text) that verifies what the private key signs."""
    return (
        _load_private_key(private_key_pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign_license_file(document, private_key_pem):
    """The licence file (JSON bytes): the document, its signature over the
    canonical JSON of the document, and the algorithm's name."""
    signature = _load_private_key(private_key_pem).sign(canonical_json(document))
    content = {"license": document, "signature": base64.b64encode(signature).decode(), "algorithm": ALGORITHM}
    return json.dumps(content, ensure_ascii=False, indent=2).encode()


def verify_license_file(content, public_key_pem):
    """True when a licence file (bytes or str) carries a valid signature of
    the given public key. This is what the customer's software does offline."""
    try:
        document = json.loads(content)
        public_key = serialization.load_pem_public_key(public_key_pem.encode())
        signature = base64.b64decode(document["signature"])
        if not isinstance(public_key, Ed25519PublicKey):
            return False
        public_key.verify(signature, canonical_json(document["license"]))
        return True
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False


def sign_token(payload, private_key_pem):
    """A compact signed token ``<payload>.<signature>`` (both base64url) of a
    JSON payload."""
    body = canonical_json(payload)
    signature = _load_private_key(private_key_pem).sign(body)
    return f"{b64url(body)}.{b64url(signature)}"


def verify_token(token, public_key_pem):
    """The payload (a dict) of a token signed by the given key, or None when
    the token is malformed or its signature does not match."""
    try:
        body_text, signature_text = token.split(".")
        body = base64.urlsafe_b64decode(body_text + "=" * (-len(body_text) % 4))
        signature = base64.urlsafe_b64decode(signature_text + "=" * (-len(signature_text) % 4))
        public_key = serialization.load_pem_public_key(public_key_pem.encode())
        if not isinstance(public_key, Ed25519PublicKey):
            return None
        public_key.verify(signature, body)
        return json.loads(body)
    except (InvalidSignature, ValueError, TypeError, AttributeError):
        return None
