/**
 * The sts-session-token command line tool, the Ansible module and the Bolt task
 * ({@code dev.ststoken.launch.Main}), and the credential server. Not a library: nothing is exported.
 * The distribution runs it from the class path; the module lets the compiler check that it uses only
 * what core and the emulator export to it.
 */
module dev.ststoken.cli {
    requires dev.ststoken.core;
    requires dev.ststoken.emulator;
    // sun.misc.Signal: exec and serve-credentials forward SIGINT/SIGTERM to the child they run.
    requires jdk.unsupported;
    // HttpClient: sso login --local and signin --local answer the embedded emulator's sign-in page.
    requires java.net.http;
}
