package dev.airlock.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The newest N items; older ones are dropped. Thread-safe. */
final class RingBuffer<T> {
  private final int capacity;
  private final ArrayDeque<T> items;

  RingBuffer(int capacity) {
    this.capacity = capacity;
    this.items = new ArrayDeque<>(capacity);
  }

  synchronized void add(T item) {
    if (items.size() == capacity) {
      items.removeFirst();
    }
    items.addLast(item);
  }

  synchronized List<T> snapshot() {
    return new ArrayList<>(items);
  }
}
