"""botocore's own LoginProvider resolving a login_session profile (a cache hit, or a refresh with its
DPoP proof when the entry runs low), for bench/login-session.sh. botocore takes its EC primitive from
awscrt; where awscrt is missing, that primitive alone comes from 'cryptography' (as in the emulator's
BotocoreLoginSessionTest). With 'age' as argument: makes the entry's credentials look 60 s from their
end, so the next resolve refreshes (the hyperfine --prepare step)."""
import datetime
import glob
import json
import os
import sys

if sys.argv[1] == "age":
    for path in glob.glob(os.path.join(os.environ["AWS_LOGIN_CACHE_DIRECTORY"], "*.json")):
        with open(path) as f:
            token = json.load(f)
        end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=60)
        token["accessToken"]["expiresAt"] = end.strftime("%Y-%m-%dT%H:%M:%SZ")
        with open(path, "w") as f:
            json.dump(token, f)
    sys.exit(0)

import botocore.credentials
import botocore.session

try:
    from awscrt.crypto import EC  # noqa: F401
except ImportError:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils

    class _Key:
        def __init__(self, key):
            self._key = key

        def get_public_coords(self):
            n = self._key.public_key().public_numbers()
            return n.x.to_bytes(32, "big"), n.y.to_bytes(32, "big")

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

frozen = botocore.session.Session(profile=sys.argv[1]).get_credentials().get_frozen_credentials()
print(frozen.access_key)
