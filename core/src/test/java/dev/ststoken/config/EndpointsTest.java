package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {
    @ParameterizedTest
    @CsvSource({
        "us-east-1,false,false,https://sts.us-east-1.amazonaws.com,us-east-1",
        "eu-west-3,false,false,https://sts.eu-west-3.amazonaws.com,eu-west-3",
        "cn-north-1,false,false,https://sts.cn-north-1.amazonaws.com.cn,cn-north-1",
        "us-gov-west-1,false,false,https://sts.us-gov-west-1.amazonaws.com,us-gov-west-1",
        "us-gov-west-1,false,true,https://sts.us-gov-west-1.amazonaws.com,us-gov-west-1",
        "us-iso-east-1,false,false,https://sts.us-iso-east-1.c2s.ic.gov,us-iso-east-1",
        "us-isob-east-1,false,false,https://sts.us-isob-east-1.sc2s.sgov.gov,us-isob-east-1",
        "eu-isoe-west-1,false,false,https://sts.eu-isoe-west-1.cloud.adc-e.uk,eu-isoe-west-1",
        "us-isof-south-1,false,false,https://sts.us-isof-south-1.csp.hci.ic.gov,us-isof-south-1",
        "aws-global,false,false,https://sts.amazonaws.com,us-east-1",
        "eu-west-1,true,false,https://sts.amazonaws.com,us-east-1",
        "me-south-1,true,false,https://sts.me-south-1.amazonaws.com,me-south-1",
        "us-east-2,false,true,https://sts-fips.us-east-2.amazonaws.com,us-east-2"
    })
    void endpoints_follow_the_partition_rules(String region, boolean legacy, boolean fips, String url, String signing) {
        assertThat(Endpoints.forRegion(region, legacy, fips).uri().toString()).isEqualTo(url);
        assertThat(Endpoints.forRegion(region, legacy, fips).signingRegion()).isEqualTo(signing);
    }
}
