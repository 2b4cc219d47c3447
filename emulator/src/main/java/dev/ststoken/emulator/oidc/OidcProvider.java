package dev.ststoken.emulator.oidc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM OpenID Connect provider: the issuer it trusts, the audiences (client IDs) a token may be
 * for, the certificate thumbprints it was given, its tags. IAM names it by its URL without the
 * scheme ({@code token.actions.githubusercontent.com}), which is also the prefix of its condition
 * keys ({@code token.actions.githubusercontent.com:sub}) and the tail of its ARN.
 *
 * @param url the issuer as registered, with its scheme: {@code https://...}, or {@code http://...}
 *            for a loopback issuer (a test's), which AWS has no use for
 */
public record OidcProvider(
        String url, List<String> clientIds, List<String> thumbprints, Map<String, String> tags, Instant created) {
    public OidcProvider {
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The URL as IAM shows it (GetOpenIDConnectProvider's Url): without the scheme. */
    public String name() {
        return withoutScheme(url);
    }

    public String arn(String accountId) {
        return "arn:aws:iam::" + accountId + ":oidc-provider/" + name();
    }

    static String withoutScheme(String url) {
        int colon = url.indexOf("://");
        return colon < 0 ? url : url.substring(colon + 3);
    }

    public OidcProvider withClientId(String clientId) {
        if (clientIds.contains(clientId)) {
            return this;
        }
        List<String> copy = new ArrayList<>(clientIds);
        copy.add(clientId);
        return new OidcProvider(url, copy, thumbprints, tags, created);
    }

    public OidcProvider withoutClientId(String clientId) {
        List<String> copy = new ArrayList<>(clientIds);
        copy.remove(clientId);
        return new OidcProvider(url, copy, thumbprints, tags, created);
    }

    public OidcProvider withThumbprints(List<String> newThumbprints) {
        return new OidcProvider(url, clientIds, newThumbprints, tags, created);
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        out.put("clientIds", clientIds);
        out.put("thumbprints", thumbprints);
        out.put("tags", tags);
        out.put("created", created.toString());
        return out;
    }

    @SuppressWarnings("unchecked")
    static OidcProvider fromJson(Map<String, Object> json) {
        return new OidcProvider(
                (String) json.get("url"),
                (List<String>) json.get("clientIds"),
                (List<String>) json.get("thumbprints"),
                (Map<String, String>) json.getOrDefault("tags", Map.of()),
                Instant.parse((String) json.get("created")));
    }
}
