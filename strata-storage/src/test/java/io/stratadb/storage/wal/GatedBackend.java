package io.stratadb.storage.wal;

import io.stratadb.storage.internal.backend.Appender;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.ObjectLock;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Delegates everything; the first appender sync announces itself and blocks until released. */
final class GatedBackend implements Backend {
    private final Backend d;
    private final CountDownLatch inSync;
    private final CountDownLatch release;

    GatedBackend(Backend d, CountDownLatch inSync, CountDownLatch release) {
        this.d = d;
        this.inSync = inSync;
        this.release = release;
    }

    @Override
    public Appender openAppender(String name) throws IOException {
        Appender a = d.openAppender(name);
        return new Appender() {
            @Override
            public long append(byte[] data) throws IOException {
                return a.append(data);
            }

            @Override
            public void sync() throws IOException {
                if (inSync.getCount() > 0) {
                    inSync.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                a.sync();
            }

            @Override
            public long size() {
                return a.size();
            }

            @Override
            public String name() {
                return a.name();
            }

            @Override
            public void close() throws IOException {
                a.close();
            }
        };
    }

    @Override public byte[] read(String n) throws IOException { return d.read(n); }
    @Override public byte[] readRange(String n, long o, int l) throws IOException { return d.readRange(n, o, l); }
    @Override public void write(String n, byte[] x) throws IOException { d.write(n, x); }
    @Override public long append(String n, byte[] x) throws IOException { return d.append(n, x); }
    @Override public void truncate(String n, long s) throws IOException { d.truncate(n, s); }
    @Override public void sync(String n) throws IOException { d.sync(n); }
    @Override public void publish(String n, byte[] x) throws IOException { d.publish(n, x); }
    @Override public List<String> list(String p) throws IOException { return d.list(p); }
    @Override public boolean delete(String n) throws IOException { return d.delete(n); }
    @Override public boolean exists(String n) throws IOException { return d.exists(n); }
    @Override public long size(String n) throws IOException { return d.size(n); }
    @Override public ObjectLock tryLock(String n) throws IOException { return d.tryLock(n); }
    @Override public String describe() { return "gated(" + d.describe() + ")"; }
    @Override public void close() throws IOException { d.close(); }
}
