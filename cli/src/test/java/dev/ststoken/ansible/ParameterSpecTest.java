package dev.ststoken.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterSpecTest {
    @Test
    void another_canonical_name_keeps_the_same_set_of_names_and_the_rest_of_the_spec() {
        ParameterSpec amazon =
                ParameterSpec.str("access_key", false, "aws_access_key_id", "aws_access_key", "ec2_access_key");
        ParameterSpec seed = amazon.canonicalAs("aws_access_key");
        assertThat(seed.name()).isEqualTo("aws_access_key");
        assertThat(seed.aliases()).containsExactly("access_key", "aws_access_key_id", "ec2_access_key");
        assertThat(seed.type()).isEqualTo("str");
        assertThat(amazon.canonicalAs("access_key")).isSameAs(amazon);
        for (String name : new String[] {"access_key", "aws_access_key_id", "aws_access_key", "ec2_access_key"}) {
            assertThat(seed.answersTo(name)).as(name).isTrue();
        }
        assertThat(seed.answersTo("secret_key")).isFalse();
    }

    @Test
    void a_canonical_name_that_is_not_an_alias_is_a_programming_error() {
        assertThatThrownBy(
                        () -> ParameterSpec.str("region", false, "aws_region").canonicalAs("zone"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void required_options_have_no_default() {
        assertThat(ParameterSpec.requiredStr("role_arn").required()).isTrue();
        assertThat(ParameterSpec.requiredStr("role_arn").defaultValue()).isNull();
        assertThat(ParameterSpec.bool("validate_certs", true).defaultValue()).isEqualTo(true);
    }
}
