package dev.ststoken.emulator.endpoint;

import java.util.Set;

/**
 * The partition the emulator plays ({@code aws}: its ARNs say {@code arn:aws:}) and its regions, as
 * botocore 1.43's endpoint data lists them, plus {@code aws-global}, the partition's name for its
 * global endpoints, which SDKs configured for IAM sign with when pointed at another endpoint. A
 * credential scope naming any other region is refused, as AWS refuses a signature for a region its
 * endpoint does not serve.
 */
final class Partition {
    static final String NAME = "aws";
    static final Set<String> REGIONS = Set.of(
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "aws-global");

    private Partition() {}

    static boolean hasRegion(String region) {
        return REGIONS.contains(region);
    }
}
