package dev.ststoken.emulator.state;

/** Policies from AWS's IAM User Guide that the emulator ships, as AWS publishes them. */
final class ExamplePolicies {
    private ExamplePolicies() {}

    /** The name the demo user's copy of {@link #SELF_MANAGE_WITH_MFA} has in the account. */
    static final String SELF_MANAGE_WITH_MFA_NAME = "SelfManageCredentialsWithMFA";

    /**
     * "Allows MFA-authenticated IAM users to manage their own credentials on the Security
     * credentials page": a user may manage its own password, keys, certificates and MFA device, and
     * nothing but set up MFA and get an MFA session until it presents MFA.
     */
    static final String SELF_MANAGE_WITH_MFA = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AllowViewAccountInfo",
                        "Effect": "Allow",
                        "Action": [
                            "iam:GetAccountPasswordPolicy",
                            "iam:ListVirtualMFADevices"
                        ],
                        "Resource": "*"
                    },
                    {
                        "Sid": "AllowManageOwnPasswords",
                        "Effect": "Allow",
                        "Action": [
                            "iam:ChangePassword",
                            "iam:GetUser"
                        ],
                        "Resource": "arn:aws:iam::*:user/${aws:username}"
                    },
                    {
                        "Sid": "AllowManageOwnAccessKeys",
                        "Effect": "Allow",
                        "Action": [
                            "iam:CreateAccessKey",
                            "iam:DeleteAccessKey",
                            "iam:ListAccessKeys",
                            "iam:UpdateAccessKey",
                            "iam:GetAccessKeyLastUsed"
                        ],
                        "Resource": "arn:aws:iam::*:user/${aws:username}"
                    },
                    {
                        "Sid": "AllowManageOwnSigningCertificates",
                        "Effect": "Allow",
                        "Action": [
                            "iam:DeleteSigningCertificate",
                            "iam:ListSigningCertificates",
                            "iam:UpdateSigningCertificate",
                            "iam:UploadSigningCertificate"
                        ],
                        "Resource": "arn:aws:iam::*:user/${aws:username}"
                    },
                    {
                        "Sid": "AllowManageOwnSSHPublicKeys",
                        "Effect": "Allow",
                        "Action": [
                            "iam:DeleteSSHPublicKey",
                            "iam:GetSSHPublicKey",
                            "iam:ListSSHPublicKeys",
                            "iam:UpdateSSHPublicKey",
                            "iam:UploadSSHPublicKey"
                        ],
                        "Resource": "arn:aws:iam::*:user/${aws:username}"
                    },
                    {
                        "Sid": "AllowManageOwnGitCredentials",
                        "Effect": "Allow",
                        "Action": [
                            "iam:CreateServiceSpecificCredential",
                            "iam:DeleteServiceSpecificCredential",
                            "iam:ListServiceSpecificCredentials",
                            "iam:ResetServiceSpecificCredential",
                            "iam:UpdateServiceSpecificCredential"
                        ],
                        "Resource": "arn:aws:iam::*:user/${aws:username}"
                    },
                    {
                        "Sid": "AllowManageOwnVirtualMFADevice",
                        "Effect": "Allow",
                        "Action": [
                            "iam:CreateVirtualMFADevice"
                        ],
                        "Resource": "arn:aws:iam::*:mfa/*"
                    },
                    {
                        "Sid": "AllowManageOwnUserMFA",
                        "Effect": "Allow",
                        "Action": [
                            "iam:DeactivateMFADevice",
                            "iam:EnableMFADevice",
                            "iam:ListMFADevices",
                            "iam:ResyncMFADevice"
                        ],
                        "Resource": "arn:aws:iam::*:user/${aws:username}"
                    },
                    {
                        "Sid": "DenyAllExceptListedIfNoMFA",
                        "Effect": "Deny",
                        "NotAction": [
                            "iam:CreateVirtualMFADevice",
                            "iam:EnableMFADevice",
                            "iam:GetUser",
                            "iam:GetMFADevice",
                            "iam:ListMFADevices",
                            "iam:ListVirtualMFADevices",
                            "iam:ResyncMFADevice",
                            "sts:GetSessionToken"
                        ],
                        "Resource": "*",
                        "Condition": {
                            "BoolIfExists": {
                                "aws:MultiFactorAuthPresent": "false"
                            }
                        }
                    }
                ]
            }
            """;
}
