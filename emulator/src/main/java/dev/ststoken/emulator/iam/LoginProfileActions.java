package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.LoginPasswords;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.User;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * A user's console password (login profile), which the sign-in service's authorize page checks:
 * CreateLoginProfile, UpdateLoginProfile, GetLoginProfile, DeleteLoginProfile. The password is kept
 * only as a PBKDF2 hash; AWS's default password policy applies (8 to 128 characters).
 */
final class LoginProfileActions {
    private final StateStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    LoginProfileActions(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void register(Map<String, IamAction> table) {
        table.put("CreateLoginProfile", this::create);
        table.put("UpdateLoginProfile", this::update);
        table.put("GetLoginProfile", this::get);
        table.put("DeleteLoginProfile", this::delete);
    }

    private String password(IamParameters params) throws AwsError {
        String password = params.required("Password");
        if (password.length() < 8 || password.length() > 128) {
            throw AwsErrorCode.PASSWORD_POLICY_VIOLATION.error(
                    "Password should have a minimum length of 8 and a maximum length of 128");
        }
        return password;
    }

    private String create(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.required("UserName");
        IamAuthorizer.requireRoot(caller, account, "CreateLoginProfile", account.userArn(name));
        String hash = LoginPasswords.hash(password(params), random);
        return store.mutate(current -> {
            User user = UserActions.existingUser(current, name);
            if (user.loginPassword() != null) {
                throw AwsErrorCode.ENTITY_ALREADY_EXISTS.error("Login Profile for user " + name + " already exists.");
            }
            return StateStore.Changed.to(current.withUser(user.withLoginPassword(hash)), profileXml(name));
        });
    }

    private String update(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.required("UserName");
        IamAuthorizer.requireSelfOrRoot(caller, account, "UpdateLoginProfile", name);
        String hash = LoginPasswords.hash(password(params), random);
        return store.mutate(current -> {
            User user = existingProfile(current, name);
            return StateStore.Changed.to(current.withUser(user.withLoginPassword(hash)), null);
        });
    }

    private String get(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = params.required("UserName");
        IamAuthorizer.requireSelfOrRoot(caller, account, "GetLoginProfile", name);
        existingProfile(account, name);
        return profileXml(name);
    }

    private String delete(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = params.required("UserName");
        IamAuthorizer.requireRoot(caller, account, "DeleteLoginProfile", account.userArn(name));
        return store.mutate(current -> {
            User user = existingProfile(current, name);
            return StateStore.Changed.to(current.withUser(user.withLoginPassword(null)), null);
        });
    }

    private static User existingProfile(Account account, String name) throws AwsError {
        User user = UserActions.existingUser(account, name);
        if (user.loginPassword() == null) {
            throw AwsError.noSuchEntity("Login Profile for User " + name + " cannot be found.");
        }
        return user;
    }

    private String profileXml(String name) {
        return new XmlResponse()
                .open("LoginProfile")
                .element("UserName", name)
                .element("CreateDate", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .element("PasswordResetRequired", "false")
                .close("LoginProfile")
                .body();
    }
}
