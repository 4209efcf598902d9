package dev.airlock.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import java.util.function.Function;

/**
 * An instance's compiled machine together with its Extism kernel: the one place compiled code can
 * reach from the {@link Instance} it is handed in two loads ({@code getMachine()}, then the
 * kernel), which is what lets {@link ExtismIntrinsics} skip Chicory's import dispatch. Calls into
 * the module go to the compiled machine unchanged.
 */
final class KernelMachine implements Machine {
  private final Machine compiled;
  final ExtismKernel kernel; // null when the import is not ours (then the intrinsics dispatch)

  private KernelMachine(Machine compiled, ExtismKernel kernel) {
    this.compiled = compiled;
    this.kernel = kernel;
  }

  /**
   * Machines for a module whose word moves are bound directly.
   *
   * @param compiled the module's compiled machines
   * @param importIndex the function index of one of its {@code extism:host/env} imports: the
   *     instance's own host function there holds its kernel
   */
  static Function<Instance, Machine> factory(
      Function<Instance, Machine> compiled, int importIndex) {
    return instance -> {
      // Chicory sets an instance's imports before it asks for its machine.
      ExtismKernel k =
          instance.imports().function(importIndex).handle() instanceof ExtismDataFunction f
              ? f.kernel()
              : null;
      return new KernelMachine(compiled.apply(instance), k);
    };
  }

  @Override
  public long[] call(int funcId, long[] args) {
    return compiled.call(funcId, args);
  }
}
