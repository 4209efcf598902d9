package dev.airlock.oci;

import dev.airlock.testing.Gzip;
import dev.airlock.testing.TarBuilder;
import java.util.List;

/**
 * One manifest per foreign layout, as other tools push them: {@code name → (config type, config,
 * layer type, layer bytes, layer annotations, manifest annotations)}.
 */
record ForeignLayouts(
    String name,
    String configType,
    byte[] config,
    String layerType,
    byte[] layer,
    String layerAnnotations,
    String manifestAnnotations) {

  static List<ForeignLayouts> all(byte[] wasm) {
    byte[] empty = Layouts.utf8("{}");
    byte[] tarGz = Gzip.compress(tar("plugin.wasm", wasm));
    return List.of(
        new ForeignLayouts(
            "cncf",
            MediaTypes.WASM_CONFIG_V0,
            Layouts.utf8("{\"architecture\":\"wasm\",\"os\":\"wasip1\"}"),
            MediaTypes.WASM,
            wasm,
            null,
            null),
        new ForeignLayouts(
            "querymt", MediaTypes.OCI_EMPTY, empty, MediaTypes.WASM_QUERYMT, wasm, null, null),
        new ForeignLayouts(
            "kubewarden",
            MediaTypes.WASM_CONFIG_V1,
            empty,
            MediaTypes.WASM_CONTENT_V1,
            wasm,
            null,
            null),
        new ForeignLayouts(
            "istio",
            "application/vnd.module.wasm.config.v1+json",
            empty,
            MediaTypes.WASM_MODULE_V1,
            wasm,
            null,
            null),
        new ForeignLayouts(
            "istio-compat",
            "application/vnd.oci.image.config.v1+json",
            Layouts.utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}"),
            "application/vnd.oci.image.layer.v1.tar+gzip",
            tarGz,
            null,
            null),
        new ForeignLayouts(
            "oras",
            "application/vnd.unknown.config.v1+json",
            empty,
            "application/vnd.oci.image.layer.v1.tar",
            wasm,
            "{\"org.opencontainers.image.title\":\"echo.wasm\"}",
            null),
        new ForeignLayouts(
            "querymt",
            MediaTypes.OCI_EMPTY,
            empty,
            "application/octet-stream",
            wasm,
            null,
            "{\"" + PluginLayout.QUERYMT_TYPE + "\":\"wasm\"}"));
  }

  static byte[] tar(String name, byte[] content) {
    TarBuilder t = new TarBuilder();
    t.add("README", "not the module");
    t.add(name, content);
    return t.build();
  }

  byte[] manifest() {
    return Layouts.manifest(
        configType,
        config,
        List.of(Layouts.descriptor(layerType, layer, layerAnnotations)),
        manifestAnnotations);
  }

  @Override
  public String toString() {
    return name + " (" + layerType + ")";
  }
}
