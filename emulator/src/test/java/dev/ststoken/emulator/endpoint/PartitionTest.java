package dev.ststoken.emulator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The regions the emulator accepts in a credential scope, against botocore's own endpoint data. */
class PartitionTest {
    @Test
    void every_region_accepted_is_a_region_botocore_knows_in_the_aws_partition() {
        Path python = Peers.requirePython("botocore");
        String script = "import botocore.loaders\n"
                + "d = botocore.loaders.Loader().load_data('endpoints')\n"
                + "print(' '.join(sorted(next(p for p in d['partitions'] if p['partition'] == 'aws')['regions'])))\n";
        Processes.Result result =
                Processes.run(List.of(python.toString(), "-c", script), Map.of(), null, null, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Set<String> botocore = new HashSet<>(List.of(result.stdout().strip().split(" ")));
        Set<String> ours = new HashSet<>(Partition.REGIONS);
        ours.remove("aws-global");
        assertThat(botocore).containsAll(ours);
    }

    @Test
    void regions_of_other_partitions_and_near_misses_are_not_accepted() {
        for (String region : List.of(
                "cn-north-1",
                "us-gov-west-1",
                "us-iso-east-1",
                "eu-isoe-west-1",
                "US-EAST-1",
                "us-east-1 ",
                "us-east-99",
                "",
                "local")) {
            assertThat(Partition.hasRegion(region)).as(region).isFalse();
        }
        assertThat(Partition.hasRegion("us-east-1")).isTrue();
        assertThat(Partition.hasRegion("aws-global")).isTrue();
    }
}
