package dev.airlock.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the metadata extractors found, per plugin.
 *
 * @param byPlugin each answering plugin's key/value pairs, in dispatch order
 */
public record ExtractedMetadata(Map<String, Map<String, String>> byPlugin) {
  /** Copies the maps, keeping their order. */
  public ExtractedMetadata {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    byPlugin.forEach(
        (plugin, values) ->
            copy.put(plugin, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
    byPlugin = Collections.unmodifiableMap(copy);
  }

  /**
   * All pairs in one map; when two plugins give the same key, the earlier plugin's value wins.
   *
   * @return the merged pairs, in dispatch order
   */
  public Map<String, String> merged() {
    Map<String, String> out = new LinkedHashMap<>();
    byPlugin.values().forEach(values -> values.forEach(out::putIfAbsent));
    return Collections.unmodifiableMap(out);
  }
}
