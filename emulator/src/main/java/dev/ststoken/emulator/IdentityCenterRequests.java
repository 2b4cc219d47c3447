package dev.ststoken.emulator;

import dev.ststoken.emulator.endpoint.AccessLog;
import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * Identity Center's requests in the same request log and request listener as STS's and IAM's: each
 * answered request by the name of its operation (RegisterClient, CreateToken, GetRoleCredentials,
 * ..., and the sign-in pages as DevicePage and AuthorizePage), its status and, for a refusal, its
 * error type and message. No token, code or password is in any of it: the bodies are not logged,
 * only an error answer's own message.
 */
final class IdentityCenterRequests {
    private final AccessLog log;
    private final RequestListener listener;
    private final Clock clock;

    IdentityCenterRequests(AccessLog log, RequestListener listener, Clock clock) {
        this.log = log;
        this.listener = listener;
        this.clock = clock;
    }

    static String operation(String method, String path) {
        return switch (path) {
            case "/client/register" -> "RegisterClient";
            case "/device_authorization" -> "StartDeviceAuthorization";
            case "/token" -> "CreateToken";
            case "/federation/credentials" -> "GetRoleCredentials";
            case "/assignment/accounts" -> "ListAccounts";
            case "/assignment/roles" -> "ListAccountRoles";
            case "/logout" -> "Logout";
            case "/sso/device" -> method.equals("POST") ? "DevicePageSubmit" : "DevicePage";
            case "/authorize" -> method.equals("POST") ? "AuthorizePageSubmit" : "AuthorizePage";
            default -> "-";
        };
    }

    Response answered(Request request, Response response) {
        String action = operation(request.method(), request.rawPath());
        String requestId = response.header("x-amzn-RequestId");
        String errorType = response.header("x-amzn-ErrorType");
        log.request(action, response.status(), "-", requestId == null ? "-" : requestId);
        if (listener != null) {
            String message = null;
            if (errorType != null) {
                try {
                    Map<String, Object> body = Json.parseObject(new String(response.body(), StandardCharsets.UTF_8));
                    Object text = body.containsKey("message") ? body.get("message") : body.get("error_description");
                    message = text instanceof String ? (String) text : null;
                } catch (RuntimeException e) {
                    message = null;
                }
            }
            listener.answered(new RequestListener.Answered(
                    clock.instant(),
                    requestId == null ? "-" : requestId,
                    action,
                    "-",
                    null,
                    response.status(),
                    errorType == null && response.status() >= 400 ? "HTTP" + response.status() : errorType,
                    message));
        }
        return response;
    }
}
