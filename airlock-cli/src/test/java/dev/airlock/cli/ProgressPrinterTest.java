package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.ProgressEvent;
import dev.airlock.oci.ProgressEvent.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  static String draw(ProgressPrinter.Style style) {
    StringWriter s = new StringWriter();
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(s), style);
    String ref = "r/x:1";
    p.onEvent(new ProgressEvent(Phase.RESOLVING, ref, 0, 0, ""));
    p.onEvent(new ProgressEvent(Phase.VERIFYING, ref, 0, 0, "sha256:ab"));
    for (long b = 0; b <= 4 * 1024 * 1024; b += 512 * 1024) {
      p.onEvent(new ProgressEvent(Phase.DOWNLOADING, ref, b, 4 * 1024 * 1024, "sha256:cd"));
    }
    p.onEvent(new ProgressEvent(Phase.FAILED, ref, 0, 0, "blob digest mismatch"));
    return s.toString();
  }

  @Test
  void plainLines_onePerPhase_andPerQuarterOfATransfer() {
    assertThat(draw(ProgressPrinter.Style.LINES))
        .isEqualTo(
            """
            resolving
            verifying sha256:ab
            downloading 0 B / 4.0 MiB
            downloading 1.0 MiB / 4.0 MiB
            downloading 2.0 MiB / 4.0 MiB
            downloading 3.0 MiB / 4.0 MiB
            downloading 4.0 MiB / 4.0 MiB
            failed: blob digest mismatch
            """);
  }

  @Test
  void json_oneObjectPerEvent() {
    String[] lines = draw(ProgressPrinter.Style.JSON).split("\n");
    assertThat(lines).hasSize(12);
    assertThat(lines[0]).isEqualTo("{\"phase\":\"resolving\",\"reference\":\"r/x:1\"}");
    assertThat(lines[3])
        .isEqualTo(
            "{\"phase\":\"downloading\",\"reference\":\"r/x:1\",\"bytes\":524288,"
                + "\"total\":4194304,\"message\":\"sha256:cd\"}");
    assertThat(lines[11])
        .isEqualTo(
            "{\"phase\":\"failed\",\"reference\":\"r/x:1\",\"message\":\"blob digest mismatch\"}");
  }

  @Test
  void bar_redrawsInPlace() {
    String out = draw(ProgressPrinter.Style.BAR);
    assertThat(out).contains("\rdownloading [###############               ] 2.0 MiB / 4.0 MiB");
    assertThat(out).endsWith("\nfailed: blob digest mismatch\n");
  }
}
