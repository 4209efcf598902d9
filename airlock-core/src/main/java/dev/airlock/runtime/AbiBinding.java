package dev.airlock.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.List;
import java.util.Map;

/** How the host talks to a plugin of one ABI: the imports it provides and the call protocol. */
interface AbiBinding {
  /** The import module name this ABI serves. */
  String importModule();

  /** Host functions for one instance, bound to its slot. */
  List<HostFunction> hostFunctions(InstanceSlot slot);

  /** Required exports other than hooks, with their types. */
  Map<String, FunctionType> requiredExports();

  /** The function types a hook export may have. */
  List<FunctionType> hookTypes();

  /** Runs {@code call.hook} on {@code instance}; returns the output. */
  byte[] invoke(Instance instance, CallState call) throws PluginErrorException;
}
