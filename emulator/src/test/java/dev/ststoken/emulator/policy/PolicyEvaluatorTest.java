package dev.ststoken.emulator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.emulator.policy.PolicyEvaluator.Decision;
import dev.ststoken.emulator.request.AwsError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The evaluator on its own: policies and a request context in, a decision out. */
class PolicyEvaluatorTest {
    static final String ALICE = "arn:aws:iam::123456789012:user/alice";

    /** The keys AWS sets for alice's long-term key, a session without MFA and one with MFA 20 minutes ago. */
    static Map<String, List<String>> context(String caller) {
        Map<String, List<String>> keys = new HashMap<>();
        keys.put("aws:username", List.of("alice"));
        keys.put("aws:userid", List.of("AIDAEXAMPLEEXAMPLE123"));
        keys.put("aws:principalarn", List.of(ALICE));
        keys.put("aws:principaltype", List.of("User"));
        keys.put("aws:sourceip", List.of("192.0.2.10"));
        keys.put("aws:securetransport", List.of("false"));
        keys.put("aws:currenttime", List.of("2026-11-23T10:00:00Z"));
        if (!caller.equals("long-term")) {
            keys.put("aws:tokenissuetime", List.of("2026-11-23T09:40:00Z"));
            keys.put("aws:multifactorauthpresent", List.of(Boolean.toString(caller.equals("mfa-session"))));
            if (caller.equals("mfa-session")) {
                keys.put("aws:multifactorauthage", List.of("1200"));
            }
        }
        return keys;
    }

    static Decision decide(String policyJson, String action, String resource, String caller) throws AwsError {
        // Single quotes stand for JSON's double quotes; a backtick for a single quote inside a value.
        Policy policy = Policy.parse(policyJson.replace('\'', '"').replace('`', '\''), false);
        return PolicyEvaluator.evaluate(List.of(policy), new PolicyEvaluator.Request(action, resource, context(caller)))
                .decision();
    }

    static String allowWhen(String condition) {
        return "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:*','Resource':'*','Condition':"
                + condition + "}}";
    }

    @ParameterizedTest(name = "{0} for {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // Bool on a key long-term keys do not carry: absent is false, the IfExists form is true.
                "{'Bool':{'aws:MultiFactorAuthPresent':'true'}}                  | long-term   | IMPLICIT_DENY",
                "{'Bool':{'aws:MultiFactorAuthPresent':'true'}}                  | session     | IMPLICIT_DENY",
                "{'Bool':{'aws:MultiFactorAuthPresent':'true'}}                  | mfa-session | ALLOWED",
                "{'Bool':{'aws:MultiFactorAuthPresent':'false'}}                 | long-term   | IMPLICIT_DENY",
                "{'Bool':{'aws:MultiFactorAuthPresent':'false'}}                 | session     | ALLOWED",
                "{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}         | long-term   | ALLOWED",
                "{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}         | mfa-session | IMPLICIT_DENY",
                "{'Null':{'aws:MultiFactorAuthPresent':'true'}}                  | long-term   | ALLOWED",
                "{'Null':{'aws:MultiFactorAuthPresent':'true'}}                  | session     | IMPLICIT_DENY",
                // MFA age: only sessions made with MFA carry it.
                "{'NumericLessThan':{'aws:MultiFactorAuthAge':'3600'}}           | mfa-session | ALLOWED",
                "{'NumericLessThan':{'aws:MultiFactorAuthAge':'600'}}            | mfa-session | IMPLICIT_DENY",
                "{'NumericLessThan':{'aws:MultiFactorAuthAge':'3600'}}           | session     | IMPLICIT_DENY",
                "{'NumericGreaterThanIfExists':{'aws:MultiFactorAuthAge':'600'}} | long-term   | ALLOWED",
                // Negated operators are true for an absent key; ForAllValues too; ForAnyValue is not.
                "{'StringNotEquals':{'aws:MultiFactorAuthAge':'1'}}              | long-term   | ALLOWED",
                "{'ForAllValues:StringEquals':{'aws:TokenIssueTime':'x'}}        | long-term   | ALLOWED",
                "{'ForAnyValue:StringEquals':{'aws:TokenIssueTime':'x'}}         | long-term   | IMPLICIT_DENY",
                "{'ForAnyValue:StringLike':{'aws:username':['bob','al*']}}       | long-term   | ALLOWED",
                "{'ForAllValues:StringNotLike':{'aws:username':['al?ce']}}       | long-term   | IMPLICIT_DENY",
                // String, date, address and ARN operators; values with policy variables.
                "{'StringEquals':{'aws:username':'${aws:username}'}}             | long-term   | ALLOWED",
                "{'StringEqualsIgnoreCase':{'aws:username':'ALICE'}}             | long-term   | ALLOWED",
                "{'StringEquals':{'aws:username':'ALICE'}}                       | long-term   | IMPLICIT_DENY",
                "{'StringNotEquals':{'aws:username':['bob','carol']}}            | long-term   | ALLOWED",
                "{'DateLessThan':{'aws:CurrentTime':'2027-01-01T00:00:00Z'}}     | long-term   | ALLOWED",
                "{'DateGreaterThan':{'aws:TokenIssueTime':'2026-11-23T09:50:00Z'}} | session   | IMPLICIT_DENY",
                "{'IpAddress':{'aws:SourceIp':'192.0.2.0/24'}}                   | long-term   | ALLOWED",
                "{'NotIpAddress':{'aws:SourceIp':['192.0.2.0/24','::1']}}        | long-term   | IMPLICIT_DENY",
                "{'IpAddress':{'aws:SourceIp':'198.51.100.0/24'}}                | long-term   | IMPLICIT_DENY",
                "{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::*:user/a*'}}       | long-term   | ALLOWED",
                "{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::*:role/*'}}      | long-term   | IMPLICIT_DENY",
                "{'ArnNotLike':{'aws:PrincipalArn':'arn:aws:iam::*:role/*'}}     | long-term   | ALLOWED",
                "{'Bool':{'aws:SecureTransport':'false'},'StringEquals':{'aws:PrincipalType':'User'}} | long-term | ALLOWED",
                "{'Bool':{'aws:SecureTransport':'true'},'StringEquals':{'aws:PrincipalType':'User'}} | long-term | IMPLICIT_DENY",
            })
    void a_condition_allows_exactly_the_callers_aws_documents(String condition, String caller, Decision expected)
            throws AwsError {
        assertThat(decide(allowWhen(condition), "iam:GetUser", ALICE, caller)).isEqualTo(expected);
    }

    /** AWS's "block most access unless signed in with MFA" next to an allow-all. */
    static final String BLOCK_UNLESS_MFA = "{'Version':'2012-10-17','Statement':["
            + "{'Effect':'Allow','Action':'*','Resource':'*'},"
            + "{'Sid':'BlockMostAccessUnlessSignedInWithMFA','Effect':'Deny','NotAction':['iam:CreateVirtualMFADevice',"
            + "'iam:EnableMFADevice','iam:ListMFADevices','iam:ListUsers','iam:ListVirtualMFADevices',"
            + "'iam:ResyncMFADevice'],'Resource':'*','Condition':{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}}]}";

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "iam:ListAccessKeys | long-term   | EXPLICIT_DENY",
                "iam:ListAccessKeys | session     | EXPLICIT_DENY",
                "iam:ListAccessKeys | mfa-session | ALLOWED",
                "iam:ListMFADevices | long-term   | ALLOWED",
                "IAM:listmfadevices | session     | ALLOWED",
                "sts:AssumeRole     | long-term   | EXPLICIT_DENY",
            })
    void an_explicit_deny_wins_over_an_allow_and_not_action_exempts_its_list(
            String action, String caller, Decision expected) throws AwsError {
        assertThat(decide(BLOCK_UNLESS_MFA, action, ALICE, caller)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "arn:aws:iam::*:user/${aws:username}     | arn:aws:iam::123456789012:user/alice    | ALLOWED",
                "arn:aws:iam::*:user/${aws:username}     | arn:aws:iam::123456789012:user/bob      | IMPLICIT_DENY",
                "arn:aws:iam::*:user/${aws:nokey}        | arn:aws:iam::123456789012:user/alice    | IMPLICIT_DENY",
                "arn:aws:iam::*:user/${aws:nokey, `alice`} | arn:aws:iam::123456789012:user/alice  | ALLOWED",
                "arn:aws:iam::123456789012:user/*        | arn:aws:iam::123456789012:user/team/bob | ALLOWED",
                "arn:aws:iam::123456789012:*             | arn:aws:iam::123456789012:role/r        | ALLOWED",
                "arn:aws:iam::*:user/al?ce               | arn:aws:iam::123456789012:user/alice    | ALLOWED",
                "arn:aws:iam::*:user/Alice               | arn:aws:iam::123456789012:user/alice    | IMPLICIT_DENY",
                "arn:aws:iam::1*:user/alice              | arn:aws:iam::123456789012:user/alice    | ALLOWED",
                "arn:aws:iam::*:group/*                  | arn:aws:iam::123456789012:user/alice    | IMPLICIT_DENY",
            })
    void resources_match_with_wildcards_and_policy_variables(String pattern, String resource, Decision expected)
            throws AwsError {
        String policy = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'iam:Get*','Resource':'"
                + pattern + "'}}";
        assertThat(decide(policy, "iam:GetUser", resource, "long-term")).isEqualTo(expected);
    }

    /**
     * The forms of IAM's "Variables and tags" page: ${*}, ${?} and ${$} are the characters
     * themselves, what a variable puts in (a default too) matches literally even when it holds a
     * wildcard, a default is quoted ('' for a quote, any character inside), and a variable without a
     * value makes its element match nothing (a condition, even a negated one, does not hold).
     */
    @Test
    void policy_variables_put_in_literal_text_and_without_a_value_match_nothing() throws AwsError {
        Map<String, List<String>> keys = context("long-term");
        keys.put("test:star", List.of("al*"));
        keys.put("test:question", List.of("al?ce"));
        keys.put("test:several", List.of("alice", "bob"));
        String user = "arn:aws:iam::123456789012:user/";
        String[][] cases = {
            // Resource pattern after user/ | resource name | decision
            {"${test:star}", "alice", "IMPLICIT_DENY"},
            {"${test:star}", "al*", "ALLOWED"},
            {"${test:question}", "alice", "IMPLICIT_DENY"},
            {"${test:question}", "al?ce", "ALLOWED"},
            {"al${*}", "alice", "IMPLICIT_DENY"},
            {"al${*}", "al*", "ALLOWED"},
            {"al${?}ce", "alice", "IMPLICIT_DENY"},
            {"al${?}ce", "al?ce", "ALLOWED"},
            {"${$}{aws:username}", "${aws:username}", "ALLOWED"},
            {"${$}{aws:username}", "alice", "IMPLICIT_DENY"},
            {"${aws:nokey, 'al*'}", "alice", "IMPLICIT_DENY"},
            {"${aws:nokey, 'al*'}", "al*", "ALLOWED"},
            {"${aws:nokey, 'o''neil'}", "o'neil", "ALLOWED"},
            {"${aws:nokey, 'a}b'}", "a}b", "ALLOWED"},
            {"${ AWS:UserName , 'x' }", "alice", "ALLOWED"},
            {"${aws:username, 'x'}", "x", "IMPLICIT_DENY"},
            {"${test:several}", "alice", "IMPLICIT_DENY"},
            {"${test:several, 'bob'}", "bob", "ALLOWED"},
            {"${aws:nokey}*", "alice", "IMPLICIT_DENY"},
        };
        for (String[] c : cases) {
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\","
                    + "\"Resource\":\"" + user + c[0] + "\"}}";
            Decision decision = PolicyEvaluator.evaluate(
                            List.of(Policy.parse(policy, false)),
                            new PolicyEvaluator.Request("iam:GetUser", user + c[1], keys))
                    .decision();
            assertThat(decision).as(c[0] + " on " + c[1]).isEqualTo(Decision.valueOf(c[2]));
        }
        String[][] conditions = {
            {"{\"StringLike\":{\"aws:username\":\"${test:star}\"}}", "IMPLICIT_DENY"},
            {"{\"StringLike\":{\"aws:username\":\"${aws:nokey, 'al*'}\"}}", "IMPLICIT_DENY"},
            {"{\"StringLike\":{\"aws:username\":\"a${*}\"}}", "IMPLICIT_DENY"},
            {"{\"StringLike\":{\"aws:username\":\"a*\"}}", "ALLOWED"},
            {"{\"StringNotEquals\":{\"aws:username\":\"${aws:nokey}\"}}", "IMPLICIT_DENY"},
            {"{\"StringNotEqualsIfExists\":{\"aws:nokey\":\"${aws:nokey}\"}}", "IMPLICIT_DENY"},
            {"{\"StringNotEquals\":{\"aws:username\":\"${aws:nokey, 'bob'}\"}}", "ALLOWED"},
        };
        for (String[] c : conditions) {
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:*\","
                    + "\"Resource\":\"*\",\"Condition\":" + c[0] + "}}";
            Decision decision = PolicyEvaluator.evaluate(
                            List.of(Policy.parse(policy, false)),
                            new PolicyEvaluator.Request("iam:GetUser", ALICE, keys))
                    .decision();
            assertThat(decision).as(c[0]).isEqualTo(Decision.valueOf(c[1]));
        }
        // A deny whose NotResource has no value does not apply, rather than apply to every resource.
        String deny =
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"NotResource\":\"" + user + "${aws:nokey}\"}]}";
        assertThat(PolicyEvaluator.evaluate(
                                List.of(Policy.parse(deny, false)),
                                new PolicyEvaluator.Request("iam:GetUser", ALICE, keys))
                        .decision())
                .isEqualTo(Decision.ALLOWED);
    }

    @Test
    void not_resource_applies_everywhere_but_the_listed_resources() throws AwsError {
        String policy = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'*','Resource':'*'},"
                + "{'Effect':'Deny','Action':'iam:*','NotResource':'arn:aws:iam::*:user/${aws:username}'}]}";
        assertThat(decide(policy, "iam:GetUser", ALICE, "long-term")).isEqualTo(Decision.ALLOWED);
        assertThat(decide(policy, "iam:GetUser", "arn:aws:iam::123456789012:user/bob", "long-term"))
                .isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void variables_are_plain_text_in_a_2008_document() throws AwsError {
        String policy = "{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'iam:GetUser',"
                + "'Resource':'arn:aws:iam::*:user/${aws:username}'}}";
        assertThat(decide(policy, "iam:GetUser", ALICE, "long-term")).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void no_policy_is_the_default_deny() {
        assertThat(PolicyEvaluator.evaluate(
                                List.of(), new PolicyEvaluator.Request("iam:GetUser", ALICE, context("long-term")))
                        .decision())
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json                                                                   | Syntax errors in policy.",
                "{'Version':'2012-10-17','Statement':{'Effect':'Maybe','Action':'*','Resource':'*'}} | Invalid effect: Maybe",
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Resource':'*'}}      | Policy statement must contain actions.",
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'Boolish':{'a':'b'}}}} | Invalid Condition type : Boolish.",
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'GetUser','Resource':'*'}} | Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*','Principal':'*'}} | Policy document should not specify a principal.",
                "{'Version':'2013-01-01','Statement':[]}                                     | The policy must contain a valid version string",
            })
    void a_document_iam_would_not_store_is_malformed(String document, String message) {
        assertThatThrownBy(() -> Policy.parse(document.replace('\'', '"'), false))
                .isInstanceOf(AwsError.class)
                .hasMessage(message)
                .extracting(e -> ((AwsError) e).code())
                .isEqualTo("MalformedPolicyDocument");
    }

    @Test
    void an_address_condition_compares_literals_and_never_looks_a_name_up() {
        assertThat(Conditions.Cidr.contains("localhost", "127.0.0.1")).isFalse();
        assertThat(Conditions.Cidr.contains("127.0.0.0/8", "localhost")).isFalse();
        assertThat(Conditions.Cidr.contains("2001:db8::/32", "2001:db8::1")).isTrue();
        assertThat(Conditions.Cidr.contains("2001:db8::/32", "192.0.2.1")).isFalse();
    }
}
