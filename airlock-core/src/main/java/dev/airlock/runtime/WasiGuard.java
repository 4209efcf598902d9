package dev.airlock.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Guards the WASI file functions in front of Chicory's implementation, which gives a preopened
 * directory full access and follows symbolic links inside it to anywhere on the host:
 *
 * <ul>
 *   <li><b>Confinement.</b> Every path argument is resolved against its directory descriptor,
 *       symbolic links included, and must stay inside the granted directory; otherwise the call
 *       answers {@code ENOTCAPABLE} and the file system is not touched.
 *   <li><b>Read-only grants.</b> On a descriptor that comes from a read-only grant (the preopen, or
 *       anything opened beneath it), calls that would change files answer {@code EROFS}.
 * </ul>
 *
 * <p>Descriptors are tracked through {@code path_open}, {@code fd_close} and {@code fd_renumber}.
 * Not thread-safe; one per instance, like the WASI state it wraps.
 */
final class WasiGuard {
  /** WASI preview 1 errno {@code rofs}. */
  static final int EROFS = 69;

  /** WASI preview 1 errno {@code notcapable}. */
  static final int ENOTCAPABLE = 76;

  private static final int MAX_PATH = 4096;
  private static final int O_CREAT = 1;
  private static final int O_TRUNC = 8;
  private static final int FD_APPEND = 1;
  private static final long WRITE_RIGHTS =
      (1L << 6)
          | (1L << 8)
          | (1L << 9)
          | (1L << 10)
          | (1L << 12)
          | (1L << 17)
          | (1L << 19)
          | (1L << 20)
          | (1L << 22)
          | (1L << 23)
          | (1L << 24)
          | (1L << 25)
          | (1L << 26);

  /** What a descriptor refers to: a directory (with its path) or a file, and its grant. */
  private record Entry(Path root, Path dir, boolean readOnly) {}

  private final Map<Integer, Entry> fds = new HashMap<>();

  /**
   * @param preopens the granted directories in preopen order (descriptor 3, 4, …), as real paths
   * @param readOnly for each, whether it is read-only
   */
  WasiGuard(List<Path> preopens, List<Boolean> readOnly) {
    for (int i = 0; i < preopens.size(); i++) {
      fds.put(3 + i, new Entry(preopens.get(i), preopens.get(i), readOnly.get(i)));
    }
  }

  List<HostFunction> wrap(List<HostFunction> wasi) {
    List<HostFunction> out = new ArrayList<>(wasi.size());
    for (HostFunction f : wasi) {
      WasmFunctionHandle h = f.handle();
      WasmFunctionHandle wrapped =
          switch (f.name()) {
            case "path_open" -> (inst, a) -> pathOpen(h, inst, a);
            case "path_filestat_get" -> guard(h, false, new int[] {0, 2, 3});
            case "path_readlink" -> guard(h, false, new int[] {0, 1, 2});
            case "path_filestat_set_times" -> guard(h, true, new int[] {0, 2, 3});
            case "path_create_directory", "path_remove_directory", "path_unlink_file" ->
                guard(h, true, new int[] {0, 1, 2});
            case "path_symlink" -> guard(h, true, new int[] {2, 3, 4});
            case "path_rename" -> guard(h, true, new int[] {0, 1, 2}, new int[] {3, 4, 5});
            case "path_link" -> guard(h, true, new int[] {0, 2, 3}, new int[] {4, 5, 6});
            case "fd_filestat_set_size", "fd_filestat_set_times", "fd_allocate" ->
                (inst, a) -> readOnly((int) a[0]) ? one(EROFS) : h.apply(inst, a);
            case "fd_close" -> (inst, a) -> forget(h.apply(inst, a), (int) a[0]);
            case "fd_renumber" -> (inst, a) -> renumber(h.apply(inst, a), (int) a[0], (int) a[1]);
            default -> null;
          };
      out.add(
          wrapped == null
              ? f
              : new HostFunction(
                  f.module(), f.name(), FunctionType.of(f.paramTypes(), f.returnTypes()), wrapped));
    }
    return out;
  }

  private long[] pathOpen(WasmFunctionHandle real, Instance inst, long[] a) {
    int dirFd = (int) a[0];
    Entry dir = fds.get(dirFd);
    Path target = null;
    if (dir != null) {
      target = confined(dir, path(inst, a[2], a[3]));
      if (target == null) {
        return one(ENOTCAPABLE);
      }
      int openFlags = (int) a[4];
      if (dir.readOnly
          && ((openFlags & (O_CREAT | O_TRUNC)) != 0
              || (a[5] & WRITE_RIGHTS) != 0
              || ((int) a[7] & FD_APPEND) != 0)) {
        return one(EROFS);
      }
    }
    long[] result = real.apply(inst, a);
    if (result[0] == 0) {
      int fd = inst.memory().readInt((int) a[8]);
      fds.remove(fd);
      if (dir != null) {
        fds.put(fd, new Entry(dir.root, target, dir.readOnly));
      }
    }
    return result;
  }

  /** Each spec is {fd arg, path ptr arg, path len arg}. */
  private WasmFunctionHandle guard(WasmFunctionHandle real, boolean writes, int[]... specs) {
    return (inst, a) -> {
      for (int[] s : specs) {
        Entry dir = fds.get((int) a[s[0]]);
        if (dir == null) {
          continue; // not a granted directory: Chicory answers EBADF or ENOTDIR itself
        }
        if (confined(dir, path(inst, a[s[1]], a[s[2]])) == null) {
          return one(ENOTCAPABLE);
        }
        if (writes && dir.readOnly) {
          return one(EROFS);
        }
      }
      return real.apply(inst, a);
    };
  }

  /** The resolved target if it stays inside the grant, following links; else {@code null}. */
  private static Path confined(Entry dir, String raw) {
    if (raw == null || raw.startsWith("/") || raw.indexOf('\0') >= 0) {
      return null;
    }
    Path target = dir.dir.resolve(raw).normalize();
    if (!target.startsWith(dir.root)) {
      return null;
    }
    // The deepest part of the path that exists, with every link in it resolved.
    Path existing = target;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return null;
    }
    try {
      Path real = existing.toRealPath();
      return real.startsWith(dir.root) ? target : null;
    } catch (IOException e) {
      return null; // a dangling or looping link: refuse rather than guess
    }
  }

  private static String path(Instance inst, long ptr, long len) {
    try {
      return new String(
          GuestMemory.read(inst, ptr, len, MAX_PATH, "WASI path"), StandardCharsets.UTF_8);
    } catch (AbiViolation e) {
      return null;
    }
  }

  private boolean readOnly(int fd) {
    Entry e = fds.get(fd);
    return e != null && e.readOnly;
  }

  private long[] forget(long[] result, int fd) {
    if (result[0] == 0) {
      fds.remove(fd);
    }
    return result;
  }

  private long[] renumber(long[] result, int from, int to) {
    if (result[0] == 0) {
      Entry e = fds.remove(from);
      fds.remove(to);
      if (e != null) {
        fds.put(to, e);
      }
    }
    return result;
  }

  private static long[] one(long v) {
    return new long[] {v};
  }
}
