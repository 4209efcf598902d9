package dev.airlock.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "airlock " + (v == null ? "(development build)" : v), "Java " + Runtime.version()
    };
  }
}
