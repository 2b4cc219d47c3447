package dev.ststoken.cli;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.emulator.EmulatorStateException;
import dev.ststoken.server.CredentialServer;
import dev.ststoken.sts.StsException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve-credentials}: the credential server of {@code exec --server} on its own, for jobs
 * started elsewhere (another terminal, an IDE). Prints the two variables to set, as sh statements,
 * and serves until SIGTERM or Ctrl-C.
 */
final class ServeCredentialsCommand extends SessionCommand {
    static final List<Option> OPTIONS = options(
            SESSION,
            List.of(Option.FORCE_REFRESH, Option.MIN_TTL),
            TRANSPORT,
            List.of(Option.LOCAL, Option.VERBOSE, Option.HELP));

    static String help() {
        return CommandLine.usage(
                Cli.NAME + " serve-credentials [options]",
                "Serves sessions to AWS SDKs and the AWS CLI on 127.0.0.1 (the ECS container credential protocol) until\n"
                        + "SIGTERM or Ctrl-C. Prints 'export AWS_CONTAINER_CREDENTIALS_FULL_URI=...' and\n"
                        + "'export AWS_CONTAINER_AUTHORIZATION_TOKEN=...' for eval in the shell that runs the job. Each request\n"
                        + "gets the current session, refreshed when it has less than --min-ttl left; when the MFA session\n"
                        + "itself runs out, the code is asked for again here (terminal or mfa_process).",
                OPTIONS,
                "");
    }

    ServeCredentialsCommand(CommandContext context) {
        super(context);
    }

    int run(List<String> args)
            throws UsageException, ConfigException, StsException, IOException, EmulatorStateException {
        CommandLine line = CommandLine.parse("serve-credentials", OPTIONS, false, args);
        if (line.has(Option.HELP)) {
            context.out().print(help());
            return ExitCode.OK;
        }
        try (SessionBackend backend = backend(line)) {
            ResolvedSettings settings = settings(backend, line);
            try (CredentialServer server = credentialServer(backend, settings, line)) {
                for (java.util.Map.Entry<String, String> variable :
                        server.environment().entrySet()) {
                    context.out().println("export " + variable.getKey() + "='" + variable.getValue() + "'");
                }
                context.out().flush();
                context.note("serving credentials at " + server.uri() + " until SIGTERM or Ctrl-C");
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "serve-credentials-shutdown"));
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ExitCode.OK;
            }
        }
    }
}
