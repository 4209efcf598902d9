package dev.airlock.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Machines made from a compile cache entry: the classes Chicory's compiler wrote for one module (a
 * jar holding {@code wasm-module.properties}, which names the main class, and the class files),
 * defined in a class loader of their own and constructed with a method handle.
 *
 * <p>Chicory can load these entries itself, but on the way it spins an interface proxy per module
 * (with the JDK's class-file API), which is a tenth of a cached cold load; this does the same job
 * with a plain constructor call. An entry this cannot read is an {@link IllegalArgumentException},
 * and the caller compiles the module again.
 */
final class CachedMachines implements Function<Instance, Machine> {
  private static final String PROPERTIES = "wasm-module.properties";
  private static final long MAX_ENTRY_BYTES = 256L << 20;

  private final MethodHandle constructor;
  private final int directStubs;

  private CachedMachines(MethodHandle constructor, int directStubs) {
    this.constructor = constructor;
    this.directStubs = directStubs;
  }

  /** How many import stubs were rewritten to call {@link ExtismIntrinsics}. */
  int directStubs() {
    return directStubs;
  }

  /**
   * Defines an entry's classes.
   *
   * @param jar the entry's bytes
   * @return a factory of machines for instances of the module the entry was compiled from
   * @throws IllegalArgumentException when the entry is not a readable set of compiled classes
   */
  static CachedMachines load(byte[] jar) {
    return load(jar, Map.of());
  }

  /**
   * Defines an entry's classes with the stubs of {@code direct} bound directly ({@link
   * DirectImports}).
   *
   * @param jar the entry's bytes
   * @param direct the imports to bind directly, by function index
   * @return a factory of machines for instances of the module the entry was compiled from
   * @throws IllegalArgumentException when the entry is not a readable set of compiled classes
   */
  static CachedMachines load(byte[] jar, Map<Integer, DirectImports.Op> direct) {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    int[] rewritten = {0};
    String main = null;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      long total = 0;
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readNBytes((int) Math.min(MAX_ENTRY_BYTES - total, Integer.MAX_VALUE));
        total += bytes.length;
        if (total >= MAX_ENTRY_BYTES) {
          throw new IllegalArgumentException("compile cache entry over " + MAX_ENTRY_BYTES);
        }
        String name = e.getName();
        if (name.equals(PROPERTIES)) {
          Properties p = new Properties();
          p.load(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
          main = p.getProperty("mainClass");
        } else if (name.endsWith(".class")) {
          classes.put(
              name.substring(0, name.length() - 6).replace('/', '.'),
              direct.isEmpty() ? bytes : DirectImports.rewrite(bytes, direct, rewritten));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable compile cache entry: " + e.getMessage(), e);
    }
    if (main == null || !classes.containsKey(main)) {
      throw new IllegalArgumentException(
          "compile cache entry names no main class among its " + classes.size() + " classes");
    }
    Loader loader = new Loader(classes);
    try {
      Class<?> type = loader.loadClass(main);
      MethodHandle ctor =
          MethodHandles.publicLookup()
              .findConstructor(type, MethodType.methodType(void.class, Instance.class))
              .asType(MethodType.methodType(Machine.class, Instance.class));
      return new CachedMachines(ctor, rewritten[0]);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("compile cache entry's main class: " + e, e);
    }
  }

  @Override
  public Machine apply(Instance instance) {
    try {
      return (Machine) constructor.invokeExact(instance);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) { // a constructor declares no checked exceptions
      throw new IllegalStateException(t);
    }
  }

  /**
   * One module's classes, resolved against Chicory's runtime and ours (a rewritten stub calls
   * {@link ExtismIntrinsics}): this class's loader sees both.
   */
  private static final class Loader extends ClassLoader {
    private final Map<String, byte[]> classes;

    Loader(Map<String, byte[]> classes) {
      super(CachedMachines.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }
}
