package dev.ststoken.emulator;

import java.io.IOException;

/** One IAM action: its result members as XML, or null for an action that has none (DeleteUser...). */
interface IamAction {
    String run(IamParameters params, Caller caller, Account account) throws AwsError, IOException;
}
