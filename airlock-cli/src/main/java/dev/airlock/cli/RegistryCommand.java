package dev.airlock.cli;

import dev.airlock.oci.OciPaths;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.RegistryConfig;
import dev.airlock.oci.auth.CredentialHelpers;
import dev.airlock.oci.auth.Credentials;
import dev.airlock.oci.auth.DockerConfigStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock registry}: registry credentials. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "Registry credentials.",
    subcommands = RegistryCommand.Login.class)
final class RegistryCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code airlock registry login HOST}. */
  @Command(
      name = "login",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Check a user name and password (or token) against a registry and store them, owner-only,"
              + " in $XDG_CONFIG_HOME/airlock/auth.json (Docker's config.json is read too, never"
              + " written).")
  static final class Login implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "HOST",
        description = "The registry, host[:port] (docker.io, ghcr.io).")
    String host;

    @Option(
        names = {"-u", "--username"},
        required = true,
        description = "The user name.")
    String username;

    @Option(
        names = "--password-stdin",
        description =
            "Read the password or token from standard input (else: the AIRLOCK_REGISTRY_PASSWORD variable).")
    boolean passwordStdin;

    @Mixin OciOptions oci;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      String secret;
      if (passwordStdin) {
        secret =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      } else {
        secret = OciOptions.environment.get("AIRLOCK_REGISTRY_PASSWORD");
      }
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException(
            "no password given: pipe it to --password-stdin or set AIRLOCK_REGISTRY_PASSWORD");
      }
      Credentials c = new Credentials(username, secret.strip());
      RegistryConfig base = oci.config();
      String registry = dev.airlock.oci.Reference.parse(host + "/x:y").repository().registry();
      RegistryConfig.Builder check =
          RegistryConfig.builder()
              .credentials(r -> r.equals(registry) ? Optional.of(c) : Optional.empty())
              .certsDirs(base.certsDirs());
      oci.insecure.forEach(check::insecureHost);
      RegistryClient.create(check.build()).ping(registry);
      DockerConfigStore store =
          new DockerConfigStore(
              OciPaths.configDir(OciOptions.environment).resolve("auth.json"),
              CredentialHelpers.onPath(OciOptions.environment));
      store.store(registry, c);
      out.println("login succeeded; credentials for " + registry + " stored in " + store.file());
      return ExitCodes.OK;
    }
  }
}
