package dev.airlock.server;

import dev.airlock.host.HostEvent;
import dev.airlock.host.HostListener;
import dev.airlock.host.PluginLog;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Server-Sent Events: each plugin's log lines, and every host event. The host calls us on its own
 * threads, so sending is handed to one virtual-thread executor: a slow browser never slows a plugin
 * call.
 */
final class LiveStreams implements HostListener, AutoCloseable {
  private final Map<String, Set<SseClient>> logClients = new ConcurrentHashMap<>();
  private final Set<SseClient> eventClients = ConcurrentHashMap.newKeySet();
  private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();

  void addLogClient(String plugin, SseClient client) {
    Set<SseClient> set = logClients.computeIfAbsent(plugin, k -> ConcurrentHashMap.newKeySet());
    set.add(client);
    client.onClose(() -> set.remove(client));
  }

  void addEventClient(SseClient client) {
    eventClients.add(client);
    client.onClose(() -> eventClients.remove(client));
  }

  @Override
  public void onEvent(HostEvent e) {
    if (eventClients.isEmpty()) {
      return;
    }
    String json = Json.write(Json.event(e));
    for (SseClient c : eventClients) {
      send(c, "event", json);
    }
  }

  @Override
  public void onLog(String plugin, PluginLog log) {
    Set<SseClient> set = logClients.get(plugin);
    if (set == null || set.isEmpty()) {
      return;
    }
    String json = Json.write(Json.log(log));
    for (SseClient c : set) {
      send(c, "log", json);
    }
  }

  private void send(SseClient c, String event, String data) {
    sender.execute(
        () -> {
          synchronized (c) {
            if (!c.terminated()) {
              c.sendEvent(event, data);
            }
          }
        });
  }

  @Override
  public void close() {
    sender.shutdownNow();
    eventClients.forEach(SseClient::close);
    logClients.values().forEach(s -> s.forEach(SseClient::close));
  }
}
