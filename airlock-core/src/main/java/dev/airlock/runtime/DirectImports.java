package dev.airlock.runtime;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Binds a module's Extism word moves ({@code input_load_u64}, {@code store_u64}) directly.
 *
 * <p>Chicory's compiler turns each import into a static stub, {@code func_<index>(args…, Memory,
 * Instance)}, that boxes the arguments and goes through the instance's import table to the host
 * function. A 1 KiB Extism echo makes 257 such calls, and the guest checks the thread's interrupt
 * flag around each (a volatile read), so nothing on that path can be kept from one call to the
 * next: the dispatch was two thirds of an Extism call. Rewritten, the two stubs call {@link
 * ExtismIntrinsics}, which reaches the kernel through the instance's {@link KernelMachine}. The
 * guest's code and its interrupt checks are untouched; the kernel code that runs is the same as
 * {@link ExtismDataFunction}'s.
 *
 * <p>A stub is rewritten only when the import's wasm type is the ABI's and the stub has exactly the
 * shape this expects of Chicory 1.7's output; anything else stays as compiled.
 */
final class DirectImports {
  private static final String INSTANCE = "com/dylibso/chicory/runtime/Instance";
  private static final String MEMORY = "com/dylibso/chicory/runtime/Memory";

  /** The imports bound directly, with the wasm type each must have. */
  enum Op {
    INPUT_LOAD_U64("input_load_u64", List.of(ValType.I64), List.of(ValType.I64), "inputLoadU64"),
    STORE_U64("store_u64", List.of(ValType.I64, ValType.I64), List.of(), "storeU64");

    final String importName;
    final FunctionType type;
    final String target;

    Op(String importName, List<ValType> params, List<ValType> results, String target) {
      this.importName = importName;
      this.type = FunctionType.of(params, results);
      this.target = target;
    }

    /** The compiled stub's descriptor: the wasm parameters, then Memory and Instance. */
    String stubDescriptor() {
      return descriptor("L" + MEMORY + ";L" + INSTANCE + ";");
    }

    /** The intrinsic's descriptor: the wasm parameters, the Instance and the import's index. */
    String targetDescriptor() {
      return descriptor("L" + INSTANCE + ";I");
    }

    /** The i64 parameters, then {@code after}, returning an i64 or nothing. */
    private String descriptor(String after) {
      return "("
          + "J".repeat(type.params().size())
          + after
          + ")"
          + (type.returns().isEmpty() ? "V" : "J");
    }
  }

  private DirectImports() {}

  /**
   * The imports of {@code module} that can be bound directly, by function index.
   *
   * @return empty when the module imports none of them with the ABI's type
   */
  static Map<Integer, Op> of(WasmModule module) {
    Map<Integer, Op> found = new TreeMap<>();
    int function = 0;
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import im = module.importSection().getImport(i);
      if (im.importType() != ExternalType.FUNCTION) {
        continue;
      }
      if (im.module().equals(ExtismAbi.MODULE) && im instanceof FunctionImport f) {
        for (Op op : Op.values()) {
          if (op.importName.equals(im.name())
              && op.type.equals(module.typeSection().getType(f.typeIndex()))) {
            found.put(function, op);
          }
        }
      }
      function++;
    }
    return found;
  }

  /**
   * One compiled class with the stubs of {@code ops} rewritten.
   *
   * @param classFile the class as Chicory's compiler wrote it
   * @param ops the imports to bind, by function index
   * @param rewritten counts the stubs rewritten (its element 0 is incremented for each)
   * @return the class file, unchanged when it holds none of the stubs (or cannot be read)
   */
  static byte[] rewrite(byte[] classFile, Map<Integer, Op> ops, int[] rewritten) {
    try {
      return rewriteOrFail(classFile, ops, rewritten);
    } catch (RuntimeException e) { // a class file ASM cannot take: it stays as compiled
      return classFile;
    }
  }

  private static byte[] rewriteOrFail(byte[] classFile, Map<Integer, Op> ops, int[] rewritten) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    int[] here = {0};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            Op op = stub(access, name, descriptor, ops);
            if (op == null) {
              return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            writeBody(mv, op, Integer.parseInt(name.substring(5)));
            here[0]++;
            return null; // the original body is dropped
          }
        },
        0);
    if (here[0] == 0) {
      return classFile;
    }
    rewritten[0] += here[0];
    return writer.toByteArray();
  }

  private static Op stub(int access, String name, String descriptor, Map<Integer, Op> ops) {
    if ((access & Opcodes.ACC_STATIC) == 0 || !name.startsWith("func_")) {
      return null;
    }
    int index;
    try {
      index = Integer.parseInt(name.substring(5));
    } catch (NumberFormatException e) {
      return null;
    }
    Op op = ops.get(index);
    return op != null && op.stubDescriptor().equals(descriptor) ? op : null;
  }

  /** {@code return ExtismIntrinsics.<op>(args…, instance, index);} */
  private static void writeBody(MethodVisitor mv, Op op, int index) {
    mv.visitCode();
    int slot = 0;
    for (int i = 0; i < op.type.params().size(); i++) {
      mv.visitVarInsn(Opcodes.LLOAD, slot);
      slot += 2;
    }
    mv.visitVarInsn(Opcodes.ALOAD, slot + 1); // after the Memory
    mv.visitLdcInsn(index);
    // Named here, not in a constant: a module with nothing to rewrite (every raw-ABI one) loads
    // neither ASM nor the intrinsics, which a cold start would pay for.
    String target = ExtismIntrinsics.class.getName().replace('.', '/');
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, target, op.target, op.targetDescriptor(), false);
    mv.visitInsn(op.type.returns().isEmpty() ? Opcodes.RETURN : Opcodes.LRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
