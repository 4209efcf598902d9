package dev.airlock.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Streams a 200 body into a sink with a running SHA-256, one buffer list at a time, stopping at the
 * cap. {@link #stop} guarantees nothing more is written once it returns, so a caller may delete the
 * file after a timeout.
 */
final class SinkSubscriber implements HttpResponse.BodySubscriber<Long> {
  private final OutputStream out;
  private final long max;
  private final URI uri;
  private final Clock clock;
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private MessageDigest digest = Sha256.digest();
  private Flow.Subscription subscription;
  private long count;
  private boolean stopped;
  private volatile long lastProgress;

  SinkSubscriber(OutputStream out, long max, URI uri, Clock clock) {
    this.out = out;
    this.max = max;
    this.uri = uri;
    this.clock = clock;
  }

  synchronized void reset() {
    digest = Sha256.digest();
    count = 0;
    stopped = false;
    lastProgress = clock.millis();
  }

  synchronized SinkSubscriber start(HttpResponse.ResponseInfo info) {
    long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
    if (declared > max) {
      stopped = true;
      result.completeExceptionally(HttpFetch.tooLarge(uri, max));
    }
    return this;
  }

  long lastProgress() {
    return lastProgress;
  }

  String sha256() {
    return Sha256.hex(digest);
  }

  synchronized void stop() {
    stopped = true;
    if (subscription != null) {
      subscription.cancel();
    }
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (stopped) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> buffers) {
    if (stopped) {
      return;
    }
    try {
      for (ByteBuffer b : buffers) {
        count += b.remaining();
        if (count > max) {
          stop();
          result.completeExceptionally(HttpFetch.tooLarge(uri, max));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        digest.update(chunk);
        out.write(chunk);
      }
    } catch (IOException e) {
      stop();
      result.completeExceptionally(new UncheckedIOException(e));
      return;
    }
    lastProgress = clock.millis();
    subscription.request(1);
  }

  @Override
  public synchronized void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public synchronized void onComplete() {
    result.complete(count);
  }

  @Override
  public CompletionStage<Long> getBody() {
    return result;
  }
}
