package io.hbi.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The options that choose the identities and the tables of a benchmark run. */
class BenchmarkOptionsTest {

    @Test
    void bothIdentitiesAndEveryTableByDefault() {
        Benchmark.Options options = Benchmark.Options.parse(new String[0]);
        assertThat(options.tenancies()).containsExactly(Tenancy.ACCOUNT, Tenancy.ORG);
        assertThat(options.measuresAt("10k")).isTrue();
        assertThat(options.measuresAt("100k")).isTrue();
        assertThat(options.measuresAt("1M")).isTrue();
    }

    @Test
    void identitiesAndTablesNarrowTheRun() {
        Benchmark.Options options = Benchmark.Options.parse(new String[] {"--identities", "today,2020", "--tables",
                "1M", "--only", "queries,kafka", "--shapes", "small"});
        assertThat(options.tenancies()).containsExactly(Tenancy.ACCOUNT, Tenancy.ORG);
        assertThat(options.measuresAt("10k")).isFalse();
        assertThat(options.measuresAt("100k")).isFalse();
        assertThat(options.measuresAt("1M")).isTrue();
        assertThat(Benchmark.Options.parse(new String[] {"--identities", "2020"}).tenancies())
                .isEqualTo(List.of(Tenancy.ACCOUNT));
        assertThat(Benchmark.Options.parse(new String[] {"--smoke", "--tables", "5k"}).measuresAt("5k")).isTrue();
    }

    @Test
    void unknownIdentitiesAndTablesAreRefused() {
        assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--identities", "2021"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2020 or today");
        assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--tables", "1m"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10k,100k,1M");
        assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--without-1m", "--tables", "1M"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad --tables 1M");
        assertThat(Benchmark.run(new String[] {"--tables", "2M"})).isEqualTo(2);
    }
}
