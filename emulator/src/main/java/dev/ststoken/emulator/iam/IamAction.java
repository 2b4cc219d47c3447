package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.state.Account;
import java.io.IOException;

/** One IAM action: its result members as XML, or null for an action that has none (DeleteUser...). */
interface IamAction {
    String run(IamParameters params, Caller caller, Account account) throws AwsError, IOException;
}
