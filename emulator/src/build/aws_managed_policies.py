#!/usr/bin/env python3
"""Writes the emulator's snapshot of AWS managed policies (a curated subset) from moto's copy.

moto (Apache-2.0, https://github.com/getmoto/moto) ships moto/iam/aws_managed_policies.py, which its
maintainers refresh from a real account's GetAccountAuthorizationDetails (`make aws_managed_policies`).
Each policy keeps its name, path, default version id, creation and update dates and the default
version's document; the document is stored as compact JSON text, so the emulator parses it only when a
policy is used. Run: python3 emulator/src/build/aws_managed_policies.py > \
  emulator/src/main/resources/dev/ststoken/emulator/state/aws-managed-policies.json
"""
import json
import sys

import moto
import moto.iam.aws_managed_policies as source

# The policies people attach most, and those the AWS docs' and Ansible's examples name.
NAMES = """
AdministratorAccess PowerUserAccess ReadOnlyAccess ViewOnlyAccess SecurityAudit
IAMReadOnlyAccess IAMFullAccess IAMUserChangePassword IAMSelfManageServiceSpecificCredentials
AmazonS3ReadOnlyAccess AmazonS3FullAccess AmazonEC2ReadOnlyAccess AmazonEC2FullAccess
AmazonSNSFullAccess AmazonSNSReadOnlyAccess AmazonSQSFullAccess AmazonSQSReadOnlyAccess
AmazonDynamoDBReadOnlyAccess AmazonDynamoDBFullAccess AWSLambda_ReadOnlyAccess AWSLambda_FullAccess
CloudWatchReadOnlyAccess CloudWatchLogsFullAccess CloudWatchLogsReadOnlyAccess CloudWatchAgentServerPolicy
AmazonSSMManagedInstanceCore AmazonSSMReadOnlyAccess AmazonEC2ContainerRegistryReadOnly
AmazonEC2ContainerRegistryPowerUser AmazonEKSClusterPolicy AmazonEKSWorkerNodePolicy AmazonEKS_CNI_Policy
AWSLambdaBasicExecutionRole AWSLambdaVPCAccessExecutionRole AWSLambdaRole AmazonECSTaskExecutionRolePolicy
AmazonEC2ContainerServiceforEC2Role AWSCodeDeployRole AWSGlueServiceRole
AWSCloudFormationReadOnlyAccess AWSCloudFormationFullAccess SecretsManagerReadWrite
AWSKeyManagementServicePowerUser AmazonRoute53ReadOnlyAccess AmazonRDSReadOnlyAccess
AWSBillingReadOnlyAccess AWSSupportAccess
""".split()


def instant(text):
    """moto's dates end in +00:00; the emulator reads them with java.time.Instant.parse, as its state."""
    if not text.endswith("+00:00"):
        raise ValueError("not UTC: " + text)
    return text[: -len("+00:00")] + "Z"


def main():
    data = json.loads(source.aws_managed_policies_data)
    policies = []
    for name in sorted(NAMES):
        p = data[name]
        policies.append({
            "name": name,
            "path": p["Path"],
            "defaultVersionId": p["DefaultVersionId"],
            "created": instant(p["CreateDate"]),
            "updated": instant(p["UpdateDate"]),
            "document": json.dumps(p["Document"], separators=(",", ":")),
        })
    snapshot = {
        "source": "moto " + moto.__version__ + ", moto/iam/aws_managed_policies.py (https://github.com/getmoto/moto)",
        "licence": "Apache-2.0 (moto); the documents are AWS's published managed policies",
        "newestUpdate": max(p["updated"] for p in policies),
        "note": "default versions only; written by emulator/src/build/aws_managed_policies.py",
        "policies": policies,
    }
    json.dump(snapshot, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
