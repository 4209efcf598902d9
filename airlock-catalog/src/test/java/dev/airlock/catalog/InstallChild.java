package dev.airlock.catalog;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs one install in a child JVM for {@link KillDuringInstallIT}: when the named step is reached
 * it prints {@code AT <step>} and waits to be killed ({@code NONE}: runs to the end). Also used by
 * {@link DiskFullIT} under a file-size limit.
 */
public final class InstallChild {
  private InstallChild() {}

  /**
   * Entry point.
   *
   * @param args index, source, plugins directory, step to stop at
   * @throws Exception when the install fails
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    InstallStep stopAt = args[3].equals("NONE") ? null : InstallStep.valueOf(args[3]);
    Installer installer =
        Installer.builder()
            .fetcher(Fetcher.create())
            .allowUnsignedIndex(true)
            .listener(
                (step, detail) -> {
                  if (step == stopAt) {
                    out.println("AT " + step);
                    out.flush();
                    try {
                      Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                })
            .build();
    installer.install(Source.parse(args[1], args[0]), Path.of(args[2]));
    out.println("DONE");
  }
}
