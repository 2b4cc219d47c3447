package dev.ststoken.config;

import dev.ststoken.sts.StsEndpoint;
import java.net.URI;
import java.util.Set;

/** STS endpoints by partition: regional by default, global only when asked for (sts_regional_endpoints = legacy). */
public final class Endpoints {
    /** Regions that the legacy setting sends to the global endpoint. */
    private static final Set<String> LEGACY_GLOBAL_REGIONS = Set.of(
            "ap-northeast-1",
            "ap-south-1",
            "ap-southeast-1",
            "ap-southeast-2",
            "aws-global",
            "ca-central-1",
            "eu-central-1",
            "eu-north-1",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2");

    private Endpoints() {}

    /**
     * @param legacyGlobal {@code sts_regional_endpoints = legacy}
     * @param fips         {@code use_fips_endpoint}
     */
    public static StsEndpoint forRegion(String region, boolean legacyGlobal, boolean fips) {
        if (region.equals("aws-global") || (legacyGlobal && !fips && LEGACY_GLOBAL_REGIONS.contains(region))) {
            return new StsEndpoint(URI.create("https://sts.amazonaws.com"), "us-east-1");
        }
        String suffix = dnsSuffix(region);
        String host;
        if (fips && region.startsWith("us-gov-")) {
            host = "sts." + region + "." + suffix; // GovCloud endpoints are FIPS already
        } else if (fips) {
            host = "sts-fips." + region + "." + suffix;
        } else {
            host = "sts." + region + "." + suffix;
        }
        return new StsEndpoint(URI.create("https://" + host), region);
    }

    /** The partition's DNS suffix, decided by the region's prefix as in the endpoint rule set. */
    static String dnsSuffix(String region) {
        if (region.startsWith("cn-")) return "amazonaws.com.cn";
        if (region.startsWith("us-isob-")) return "sc2s.sgov.gov";
        if (region.startsWith("us-isof-")) return "csp.hci.ic.gov";
        if (region.startsWith("us-iso-")) return "c2s.ic.gov";
        if (region.startsWith("eu-isoe-")) return "cloud.adc-e.uk";
        return "amazonaws.com";
    }
}
