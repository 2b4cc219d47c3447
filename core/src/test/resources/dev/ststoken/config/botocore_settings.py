"""What botocore resolves for each case: the oracle of IniFileTest.

Reads a JSON list of cases ({"home", "env", "profile"}) from the file named by argv[1] and prints a
JSON list with, for each case, "refused" or the key id, secret, token, region, STS endpoint and
mfa_serial that botocore's session finds with exactly that environment.
"""
import json
import os
import sys

import botocore.session
from botocore.configprovider import ConfiguredEndpointProvider
from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url, validate_region_name


def resolve(case):
    os.environ.clear()
    os.environ.update(case["env"])
    os.environ["HOME"] = case["home"]
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    try:
        session = botocore.session.Session(profile=case.get("profile"))
        scoped = session.get_scoped_config()
        credentials = session.get_credentials()
        if credentials is None:
            return "refused"
        endpoint = ConfiguredEndpointProvider(
            full_config=session.full_config, scoped_config=scoped, client_name="sts"
        ).provide()
        region = session.get_config_variable("region")
        # What create_client would refuse before any request.
        validate_region_name(region or None)
        if endpoint and not (is_valid_endpoint_url(endpoint) or is_valid_ipv6_endpoint_url(endpoint)):
            return "refused"
        frozen = credentials.get_frozen_credentials()
        return {
            "key": frozen.access_key,
            "secret": frozen.secret_key,
            "token": frozen.token,
            "region": region or None,
            "endpoint": endpoint or None,
            "mfa_serial": scoped.get("mfa_serial") or None,
        }
    except (AttributeError, TypeError):
        # botocore's own bug, e.g. a services section whose "sts =" has a plain value instead of
        # indented sub-keys: it calls .get on a string. Not a decision to compare against.
        return "crashed"
    except Exception:  # any refusal: a file it cannot parse, a missing profile, partial keys
        return "refused"


with open(sys.argv[1], encoding="utf-8") as f:
    cases = json.load(f)
print(json.dumps([resolve(case) for case in cases]))
