package dev.airlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  @Test
  void parseDuration_eachUnit() {
    assertThat(Units.parseDuration("200ms")).isEqualTo(Duration.ofMillis(200));
    assertThat(Units.parseDuration("3s")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Units.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Units.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void parseSize_eachUnit() {
    assertThat(Units.parseSize("4096")).isEqualTo(4096);
    assertThat(Units.parseSize("64KiB")).isEqualTo(65536);
    assertThat(Units.parseSize("4MiB")).isEqualTo(4L << 20);
    assertThat(Units.parseSize("1GiB")).isEqualTo(1L << 30);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "3", "3 sec", "-1s", "1.5s", "ms"})
  void parseDuration_bad_namesForms(String text) {
    assertThatThrownBy(() -> Units.parseDuration(text))
        .hasMessage("duration should look like 200ms, 3s, 2m or 1h, got '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "4MB", "4 MiB", "-1", "1.5KiB"})
  void parseSize_bad_namesForms(String text) {
    assertThatThrownBy(() -> Units.parseSize(text))
        .hasMessage("size should look like 4096, 64KiB, 4MiB or 1GiB, got '" + text + "'");
  }

  @Test
  void formatSize_picksUnit() {
    assertThat(Units.formatSize(812)).isEqualTo("812 B");
    assertThat(Units.formatSize(5L << 20)).isEqualTo("5.0 MiB");
  }
}
