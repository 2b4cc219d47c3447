package dev.ststoken.cli;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.keystore.PassphraseSource;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The person at the controlling terminal, for what must never go through argv, stdin or stdout:
 * secret keys, passphrases, MFA codes during enrolment, and the QR code. Secrets are read with echo
 * off ({@code stty -echo} on the terminal, restored afterwards).
 */
interface Terminal {
    /** Shows text on the terminal. */
    void show(String text) throws ConfigException;

    /** A line typed by the person, without its line break. */
    String readLine(String prompt) throws ConfigException;

    /** A line typed without echo. */
    char[] readSecret(String prompt) throws ConfigException;

    /** Whether there is a terminal to ask on (false under setsid, cron, a service manager). */
    default boolean present() {
        return true;
    }

    /** The file store's passphrase from this terminal; a new file asks twice. */
    default PassphraseSource passphrases() {
        Terminal terminal = this;
        return new PassphraseSource() {
            @Override
            public char[] passphrase(String file, boolean confirm) throws ConfigException {
                char[] first = terminal.readSecret("Passphrase for " + file + ": ");
                if (confirm) {
                    char[] second = terminal.readSecret("Same passphrase again: ");
                    boolean same = Arrays.equals(first, second);
                    Arrays.fill(second, '\0');
                    if (!same) {
                        Arrays.fill(first, '\0');
                        throw new ConfigException("the two passphrases differ; nothing was stored");
                    }
                }
                return first;
            }
        };
    }

    /** {@code /dev/tty}. */
    final class Tty implements Terminal {
        private static final File TTY = new File("/dev/tty");
        private BufferedReader reader;

        @Override
        public void show(String text) throws ConfigException {
            try (FileOutputStream out = new FileOutputStream(TTY, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw noTerminal();
            }
        }

        @Override
        public boolean present() {
            try (FileInputStream in = new FileInputStream(TTY)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String readLine(String prompt) throws ConfigException {
            show(prompt);
            try {
                if (reader == null) {
                    reader =
                            new BufferedReader(new InputStreamReader(new FileInputStream(TTY), StandardCharsets.UTF_8));
                }
                String line = reader.readLine();
                if (line == null) {
                    throw new ConfigException("the terminal closed before an answer was typed");
                }
                return line;
            } catch (IOException e) {
                throw noTerminal();
            }
        }

        @Override
        public char[] readSecret(String prompt) throws ConfigException {
            boolean echoOff = dev.ststoken.prompt.TerminalDialog.setEcho(TTY, false);
            try {
                return readLine(prompt).toCharArray();
            } finally {
                if (echoOff) {
                    dev.ststoken.prompt.TerminalDialog.setEcho(TTY, true);
                    show("\n");
                }
            }
        }

        private static ConfigException noTerminal() {
            return new ConfigException("no terminal to ask on (this command reads secrets and codes only from the "
                    + "terminal, never from arguments or stdin): run it from a terminal");
        }
    }
}
