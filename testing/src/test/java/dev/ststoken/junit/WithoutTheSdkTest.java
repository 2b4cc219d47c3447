package dev.ststoken.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The SDK is the application's (provided): a project that uses the fixtures, the clock, the codes and
 * the request log must be able to run its tests without it. Runs {@link SdkFreeSample} through JUnit
 * in a child JVM of this test's classpath minus every AWS SDK jar.
 */
class WithoutTheSdkTest {
    @Test
    void a_test_class_using_the_extension_runs_without_the_sdk_on_its_classpath() throws Exception {
        List<String> classpath = new ArrayList<>();
        boolean dropped = false;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains(File.separator + "awssdk" + File.separator)) {
                dropped = true;
            } else {
                classpath.add(entry);
            }
        }
        assertThat(dropped).as("the SDK was on this test's classpath").isTrue();
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        String.join(File.pathSeparator, classpath),
                        WithoutTheSdkTest.class.getName())
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("sdk absent").contains("2 tests successful").contains("0 tests failed");
        assertThat(child.exitValue()).as(output).isZero();
    }

    /** The child: runs SdkFreeSample with JUnit's launcher and prints the summary. */
    public static void main(String[] args) {
        try {
            Class.forName("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider");
            System.out.println("sdk present");
        } catch (ClassNotFoundException e) {
            System.out.println("sdk absent");
        }
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(
                                org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(SdkFreeSample.class))
                        .build(),
                listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintStream out = System.out;
        summary.printTo(new java.io.PrintWriter(out, true));
        summary.printFailuresTo(new java.io.PrintWriter(out, true), 30);
        out.flush();
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() == 2 ? 0 : 1);
    }
}
