package dev.airlock.cli;

import dev.airlock.artefact.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock new}: scaffold a plugin project that builds as it is. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Create a plugin project in C: src/NAME.c with one hook, our ABI header, airlock.toml,"
          + " build.sh (clang for wasm32-wasi) and a README with the next three commands."
    })
final class NewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "NAME",
      description = "Plugin name: lowercase letters, digits, '-', '_'.")
  String name;

  @Option(names = "--dir", paramLabel = "D", description = "Where to create it (default: ./NAME).")
  Path dir;

  @Option(names = "--abi", paramLabel = "raw|extism", description = "The plugin ABI (default raw).")
  String abi = "raw";

  @Override
  public Integer call() throws Exception {
    Manifest.checkName(name);
    if (!abi.equals("raw") && !abi.equals("extism")) {
      throw new IllegalArgumentException("--abi should be raw or extism, got '" + abi + "'");
    }
    Path target = (dir != null ? dir : Path.of(name)).toAbsolutePath().normalize();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "choose another --dir or remove it");
    }
    Path parent = Files.createDirectories(target.getParent());
    // Built beside the target and renamed into place: never a half-made project.
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
    try {
      for (Map.Entry<String, byte[]> f : Scaffold.files(name, abi).entrySet()) {
        Path p = tmp.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      Files.setPosixFilePermissions(
          tmp.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, target);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println("created " + target + " (" + abi + " ABI). Next:");
    o.println("  cd " + target);
    o.println("  ./build.sh");
    o.println(
        "  airlock pack --wasm build/"
            + name
            + ".wasm --name "
            + name
            + " --version "
            + Scaffold.VERSION
            + " --hooks "
            + Scaffold.HOOK
            + " --abi "
            + abi
            + " --out .");
    o.println(
        "  printf world | airlock run "
            + name
            + "-"
            + Scaffold.VERSION
            + ".tar.gz --hook "
            + Scaffold.HOOK
            + " --input -");
    return ExitCodes.OK;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
