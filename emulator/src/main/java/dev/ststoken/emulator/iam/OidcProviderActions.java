package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.oidc.OidcProvider;
import dev.ststoken.emulator.oidc.OidcProviders;
import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM's OpenID Connect providers (botocore's iam model: Create, Get, List, Delete,
 * AddClientIDTo, RemoveClientIDFrom, UpdateOpenIDConnectProviderThumbprint). A provider's URL is
 * https as in IAM; the emulator also takes http for a loopback issuer, the test issuers of its
 * library. Kept in {@link OidcProviders}, beside the account.
 */
final class OidcProviderActions {
    /** IAM's quotas: client IDs per provider, thumbprints per provider. */
    static final int MAX_CLIENT_IDS = 100;

    static final int MAX_THUMBPRINTS = 5;
    static final int MAX_PROVIDERS = 100;
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}");

    private final OidcProviders providers;
    private final Clock clock;

    OidcProviderActions(OidcProviders providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreateOpenIDConnectProvider", this::create);
        table.put("GetOpenIDConnectProvider", this::get);
        table.put("ListOpenIDConnectProviders", this::list);
        table.put("DeleteOpenIDConnectProvider", this::delete);
        table.put("AddClientIDToOpenIDConnectProvider", this::addClientId);
        table.put("RemoveClientIDFromOpenIDConnectProvider", this::removeClientId);
        table.put("UpdateOpenIDConnectProviderThumbprint", this::updateThumbprint);
    }

    private String create(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String url = params.required("Url");
        List<String> clientIds = params.list("ClientIDList");
        List<String> thumbprints = params.list("ThumbprintList");
        Constraints c = new Constraints();
        c.string("url", url, 1, 255, null);
        for (int i = 0; i < clientIds.size(); i++) {
            c.string("clientIDList." + (i + 1) + ".member", clientIds.get(i), 1, 255, null);
        }
        for (int i = 0; i < thumbprints.size(); i++) {
            c.string("thumbprintList." + (i + 1) + ".member", thumbprints.get(i), 40, 40, null);
        }
        c.check();
        String issuer = issuer(url);
        checkThumbprints(thumbprints);
        if (clientIds.size() > MAX_CLIENT_IDS) {
            throw AwsErrorCode.LIMIT_EXCEEDED.error(
                    "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " + MAX_CLIENT_IDS);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> tag : params.structures("Tags")) {
            if (tag.get("Key") == null || tag.get("Value") == null) {
                throw AwsError.validation("A tag must have a Key and a Value");
            }
            tags.put(tag.get("Key"), tag.get("Value"));
        }
        OidcProvider provider = new OidcProvider(
                issuer,
                clientIds.stream().distinct().toList(),
                thumbprints.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList(),
                tags,
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String arn = provider.arn(account.accountId());
        IamAuthorizer.requireRoot(caller, account, "CreateOpenIDConnectProvider", arn);
        providers.mutate(all -> {
            if (all.containsKey(provider.name())) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error("Provider with url " + issuer + " already exists.");
            }
            if (all.size() >= MAX_PROVIDERS) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error(
                        "Cannot exceed quota for OpenIdConnectProvidersPerAccount: " + MAX_PROVIDERS);
            }
            all.put(provider.name(), provider);
            return null;
        });
        XmlResponse xml = new XmlResponse().element("OpenIDConnectProviderArn", arn);
        tagsXml(xml, provider);
        return xml.body();
    }

    private String get(IamParameters params, Caller caller, Account account) throws AwsError {
        String arn = arn(params);
        IamAuthorizer.requireRoot(caller, account, "GetOpenIDConnectProvider", arn);
        OidcProvider provider = existing(providers.current(), arn, account);
        XmlResponse xml = new XmlResponse().element("Url", provider.name());
        list(xml, "ClientIDList", provider.clientIds());
        list(xml, "ThumbprintList", provider.thumbprints());
        xml.element("CreateDate", provider.created());
        tagsXml(xml, provider);
        return xml.body();
    }

    private String list(IamParameters params, Caller caller, Account account) throws AwsError {
        IamAuthorizer.requireRoot(
                caller,
                account,
                "ListOpenIDConnectProviders",
                "arn:aws:iam::" + account.accountId() + ":oidc-provider/*");
        XmlResponse xml = new XmlResponse().open("OpenIDConnectProviderList");
        for (OidcProvider provider : providers.current().values()) {
            xml.open("member").element("Arn", provider.arn(account.accountId())).close("member");
        }
        return xml.close("OpenIDConnectProviderList").body();
    }

    private String delete(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String arn = arn(params);
        IamAuthorizer.requireRoot(caller, account, "DeleteOpenIDConnectProvider", arn);
        providers.mutate(all -> all.remove(existing(all, arn, account).name()));
        return null;
    }

    private String addClientId(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String arn = arn(params);
        String clientId = clientId(params);
        IamAuthorizer.requireRoot(caller, account, "AddClientIDToOpenIDConnectProvider", arn);
        providers.mutate(all -> {
            OidcProvider provider = existing(all, arn, account);
            OidcProvider added = provider.withClientId(clientId);
            if (added.clientIds().size() > MAX_CLIENT_IDS) {
                throw AwsErrorCode.LIMIT_EXCEEDED.error(
                        "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " + MAX_CLIENT_IDS);
            }
            return all.put(provider.name(), added);
        });
        return null;
    }

    private String removeClientId(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String arn = arn(params);
        String clientId = clientId(params);
        IamAuthorizer.requireRoot(caller, account, "RemoveClientIDFromOpenIDConnectProvider", arn);
        providers.mutate(all -> {
            OidcProvider provider = existing(all, arn, account);
            return all.put(provider.name(), provider.withoutClientId(clientId));
        });
        return null;
    }

    private String updateThumbprint(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String arn = arn(params);
        List<String> thumbprints = params.list("ThumbprintList");
        Constraints c = new Constraints();
        for (int i = 0; i < thumbprints.size(); i++) {
            c.string("thumbprintList." + (i + 1) + ".member", thumbprints.get(i), 40, 40, null);
        }
        c.check();
        checkThumbprints(thumbprints);
        IamAuthorizer.requireRoot(caller, account, "UpdateOpenIDConnectProviderThumbprint", arn);
        providers.mutate(all -> {
            OidcProvider provider = existing(all, arn, account);
            return all.put(
                    provider.name(),
                    provider.withThumbprints(thumbprints.stream()
                            .map(t -> t.toLowerCase(Locale.ROOT))
                            .toList()));
        });
        return null;
    }

    private static void checkThumbprints(List<String> thumbprints) throws AwsError {
        if (thumbprints.size() > MAX_THUMBPRINTS) {
            throw AwsErrorCode.LIMIT_EXCEEDED.error(
                    "Thumbprint list must contain fewer than " + (MAX_THUMBPRINTS + 1) + " entries.");
        }
        for (String thumbprint : thumbprints) {
            if (!THUMBPRINT.matcher(thumbprint).matches()) {
                throw AwsErrorCode.INVALID_INPUT.error(
                        "Thumbprint " + thumbprint + " is not a valid SHA-1 hex digest.");
            }
        }
    }

    /**
     * The provider's issuer URL, as tokens' {@code iss} must name it: https with a host and no query,
     * fragment or user info; http only for a loopback host. A trailing slash is kept, as IAM keeps it.
     */
    static String issuer(String url) throws AwsError {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw AwsErrorCode.INVALID_INPUT.error("Invalid Url: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        boolean http = scheme.equals("http") && uri.getHost() != null && loopback(uri.getHost());
        if ((!scheme.equals("https") && !http)
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw AwsErrorCode.INVALID_INPUT.error("Invalid Url: the URL must begin with https:// (or http:// for a "
                    + "loopback issuer in the emulator), name a host, and have no query or fragment");
        }
        return url;
    }

    private static boolean loopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static String arn(IamParameters params) throws AwsError {
        String arn = params.required("OpenIDConnectProviderArn");
        Constraints c = new Constraints();
        c.string("openIDConnectProviderArn", arn, 20, 2048, null);
        c.check();
        return arn;
    }

    private static String clientId(IamParameters params) throws AwsError {
        String clientId = params.required("ClientID");
        Constraints c = new Constraints();
        c.string("clientID", clientId, 1, 255, null);
        c.check();
        return clientId;
    }

    private static OidcProvider existing(Map<String, OidcProvider> all, String arn, Account account) throws AwsError {
        String prefix = "arn:aws:iam::" + account.accountId() + ":oidc-provider/";
        if (!arn.startsWith("arn:aws:iam::") || !arn.contains(":oidc-provider/")) {
            throw AwsErrorCode.INVALID_INPUT.error("ARN " + arn + " is not valid.");
        }
        OidcProvider provider = arn.startsWith(prefix) ? all.get(arn.substring(prefix.length())) : null;
        if (provider == null) {
            throw AwsError.noSuchEntity("OpenIDConnect Provider not found for arn " + arn);
        }
        return provider;
    }

    private static void list(XmlResponse xml, String name, List<String> values) {
        xml.open(name);
        for (String value : values) {
            xml.element("member", value);
        }
        xml.close(name);
    }

    private static void tagsXml(XmlResponse xml, OidcProvider provider) {
        if (provider.tags().isEmpty()) {
            return;
        }
        xml.open("Tags");
        provider.tags().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(tag -> xml.open("member")
                        .element("Key", tag.getKey())
                        .element("Value", tag.getValue())
                        .close("member"));
        xml.close("Tags");
    }
}
