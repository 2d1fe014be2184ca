package dev.slipway.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {

    @Test
    void cutsEveryNRowsAndAtTheEndOfEachFile() {
        ShardPlanner planner = new ShardPlanner(2);
        // a.csv: a header on line 1 (not reported), rows on lines 2, 3, 5 (4 is blank), 6
        planner.row("a.csv", 10, 2);
        planner.row("a.csv", 20, 3);
        planner.row("a.csv", 31, 5);
        planner.row("a.csv", 40, 6);
        planner.endOfFile(50);
        planner.row("b.csv", 0, 1);
        planner.endOfFile(9);

        ShardPlanner.Plan plan = planner.plan();

        assertThat(plan.rows()).isEqualTo(5);
        assertThat(plan.shards())
                .containsExactly(
                        Shard.planned(0, "a.csv", 10, 31, 1, 2, 2),
                        Shard.planned(1, "a.csv", 31, 50, 3, 5, 2),
                        Shard.planned(2, "b.csv", 0, 9, 5, 1, 1));
    }

    @Test
    void aShardNeverSpansTwoFilesAndEmptyFilesGiveNoShard() {
        ShardPlanner planner = new ShardPlanner(100);
        planner.row("a", 0, 1);
        planner.endOfFile(5);
        planner.endOfFile(0); // an empty file
        planner.row("c", 0, 1);
        planner.row("c", 5, 2);
        planner.endOfFile(10);

        List<Shard> shards = planner.plan().shards();

        assertThat(shards).extracting(Shard::file).containsExactly("a", "c");
        assertThat(shards).extracting(Shard::firstRow).containsExactly(1L, 2L);
        assertThat(shards).extracting(Shard::rows).containsExactly(1L, 2L);
    }

    @Test
    void anEmptyInputHasNoShards() {
        ShardPlanner.Plan plan = new ShardPlanner(10).plan();

        assertThat(plan.shards()).isEmpty();
        assertThat(plan.rows()).isZero();
    }

    @Test
    void refusesAFileThatDidNotEnd() {
        ShardPlanner planner = new ShardPlanner(10);
        planner.row("a", 0, 1);

        assertThatThrownBy(() -> planner.row("b", 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(planner::plan).isInstanceOf(IllegalStateException.class);
    }
}
