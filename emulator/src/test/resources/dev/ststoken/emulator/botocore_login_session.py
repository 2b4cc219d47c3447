"""Resolves a login_session profile with botocore's own LoginProvider (its DPoP proof, refresh and
cache writing) and calls sts get-caller-identity with the result. Prints one JSON line.

botocore takes its EC primitive from awscrt ("botocore[crt]"). Where awscrt is not installed (it is
not on this machine's registries), the primitive alone is supplied from the 'cryptography' package:
load a SEC1 DER key, give its public coordinates, sign a SHA-256 digest, turn a DER signature into
r||s. Everything else (the proof's header and claims, the refresh call, the cache update) is
botocore's code."""
import json
import os
import sys

import botocore.credentials
import botocore.session

try:
    from awscrt.crypto import EC  # noqa: F401  (the real one: botocore already uses it)
    PRIMITIVE = "awscrt"
except ImportError:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils

    class _Key:
        def __init__(self, key):
            self._key = key

        def get_public_coords(self):
            numbers = self._key.public_key().public_numbers()
            return numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")

        def sign(self, digest):
            return self._key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))

    class _EC:
        @staticmethod
        def new_key_from_der_data(der):
            return _Key(serialization.load_der_private_key(der, None))

        @staticmethod
        def decode_der_signature_to_padded_pair(signature, pad_to):
            r, s = utils.decode_dss_signature(signature)
            return r.to_bytes(pad_to, "big") + s.to_bytes(pad_to, "big")

    botocore.credentials.EC = _EC
    PRIMITIVE = "cryptography"

session = botocore.session.Session(profile=sys.argv[1])
credentials = session.get_credentials()
try:
    frozen = credentials.get_frozen_credentials()
    sts = session.create_client("sts", endpoint_url=os.environ["TEST_STS_ENDPOINT"])
    arn = sts.get_caller_identity()["Arn"]
    print(json.dumps({"ok": True, "method": credentials.method, "arn": arn,
                      "accessKeyId": frozen.access_key, "primitive": PRIMITIVE}))
except Exception as e:  # the test reads the class and message
    print(json.dumps({"ok": False, "error": type(e).__name__, "message": str(e), "primitive": PRIMITIVE}))
