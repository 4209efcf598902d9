package dev.airlock.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes some WASI preopened directories read-only. Chicory's WASI gives a preopened directory full
 * access, so Airlock wraps the WASI functions that change files: on a descriptor that comes from a
 * read-only grant (the preopen itself, or anything opened beneath it) they answer {@code EROFS}
 * without touching the file system. Descriptors are tracked through open, close and renumber. Not
 * thread-safe; one per instance, like the WASI state it wraps.
 */
final class ReadOnlyGrants {
  /** WASI preview 1 errno {@code rofs}. */
  static final int EROFS = 69;

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

  private final Set<Integer> readOnly = new HashSet<>();

  /**
   * @param readOnlyPreopens the descriptors of read-only preopened directories
   */
  ReadOnlyGrants(Set<Integer> readOnlyPreopens) {
    readOnly.addAll(readOnlyPreopens);
  }

  boolean isEmpty() {
    return readOnly.isEmpty();
  }

  List<HostFunction> wrap(List<HostFunction> wasi) {
    List<HostFunction> out = new ArrayList<>(wasi.size());
    for (HostFunction f : wasi) {
      WasmFunctionHandle h = f.handle();
      WasmFunctionHandle wrapped =
          switch (f.name()) {
            case "path_open" -> (inst, a) -> pathOpen(h, inst, a);
            case "path_create_directory",
                "path_remove_directory",
                "path_unlink_file",
                "path_filestat_set_times",
                "fd_filestat_set_size",
                "fd_filestat_set_times",
                "fd_allocate" ->
                guard(h, 0);
            case "path_symlink" -> guard(h, 2);
            case "path_rename" -> guard(h, 0, 3);
            case "path_link" -> guard(h, 0, 4);
            case "fd_close" -> (inst, a) -> forget(h.apply(inst, a), (int) a[0]);
            case "fd_renumber" -> (inst, a) -> renumber(h.apply(inst, a), (int) a[0], (int) a[1]);
            default -> null;
          };
      if (wrapped == null) {
        out.add(f);
      } else {
        out.add(
            new HostFunction(
                f.module(),
                f.name(),
                com.dylibso.chicory.wasm.types.FunctionType.of(f.paramTypes(), f.returnTypes()),
                wrapped));
      }
    }
    return out;
  }

  private long[] pathOpen(WasmFunctionHandle real, Instance inst, long[] a) {
    int dirFd = (int) a[0];
    int openFlags = (int) a[4];
    long rights = a[5];
    int fdFlags = (int) a[7];
    boolean fromReadOnly = readOnly.contains(dirFd);
    if (fromReadOnly
        && ((openFlags & (O_CREAT | O_TRUNC)) != 0
            || (rights & WRITE_RIGHTS) != 0
            || (fdFlags & FD_APPEND) != 0)) {
      return new long[] {EROFS};
    }
    long[] result = real.apply(inst, a);
    if (result[0] == 0) {
      int fd = inst.memory().readInt((int) a[8]);
      if (fromReadOnly) {
        readOnly.add(fd);
      } else {
        readOnly.remove(fd);
      }
    }
    return result;
  }

  private WasmFunctionHandle guard(WasmFunctionHandle real, int... fdArgs) {
    return (inst, a) -> {
      for (int i : fdArgs) {
        if (readOnly.contains((int) a[i])) {
          return new long[] {EROFS};
        }
      }
      return real.apply(inst, a);
    };
  }

  private long[] forget(long[] result, int fd) {
    if (result[0] == 0) {
      readOnly.remove(fd);
    }
    return result;
  }

  private long[] renumber(long[] result, int from, int to) {
    if (result[0] == 0) {
      boolean ro = readOnly.remove(from);
      readOnly.remove(to);
      if (ro) {
        readOnly.add(to);
      }
    }
    return result;
  }
}
