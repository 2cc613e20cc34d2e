package io.stratadb.storage.internal.lsm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * {@link BackgroundScheduler} with two daemon threads, one per lane. The compaction lane takes
 * its next job only when the flush lane is idle and empty. Thread-safe.
 */
public final class PriorityBackgroundScheduler implements BackgroundScheduler {
    private final Deque<FutureTask<?>> flushes = new ArrayDeque<>();
    private final Deque<FutureTask<?>> compactions = new ArrayDeque<>();
    private final Consumer<Throwable> onFailure;
    private final Thread flushThread;
    private final Thread compactionThread;
    private int flushesRunning;
    private boolean closing;

    /**
     * @param name      prefix of the worker thread names
     * @param onFailure told about every job that throws (never null)
     */
    public PriorityBackgroundScheduler(String name, Consumer<Throwable> onFailure) {
        this.onFailure = java.util.Objects.requireNonNull(onFailure, "onFailure");
        this.flushThread = new Thread(this::flushLoop, name + "-flush");
        this.compactionThread = new Thread(this::compactionLoop, name + "-compaction");
        flushThread.setDaemon(true);
        compactionThread.setDaemon(true);
        flushThread.start();
        compactionThread.start();
    }

    private FutureTask<?> wrap(Runnable job) {
        return new FutureTask<Void>(() -> {
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                onFailure.accept(e);
                throw e;
            }
        }, null);
    }

    @Override
    public synchronized Future<?> submitFlush(Runnable job) {
        if (closing) {
            throw new RejectedExecutionException("background scheduler is closed");
        }
        FutureTask<?> t = wrap(job);
        flushes.add(t);
        notifyAll();
        return t;
    }

    @Override
    public synchronized Future<?> submitCompaction(Runnable job) {
        if (closing) {
            throw new RejectedExecutionException("background scheduler is closed");
        }
        FutureTask<?> t = wrap(job);
        compactions.add(t);
        notifyAll();
        return t;
    }

    @Override
    public synchronized boolean flushPending() {
        return flushesRunning > 0 || !flushes.isEmpty();
    }

    private void flushLoop() {
        while (true) {
            FutureTask<?> t;
            synchronized (this) {
                while (flushes.isEmpty() && !closing) {
                    waitQuietly();
                }
                if (flushes.isEmpty()) {
                    notifyAll();
                    return;
                }
                t = flushes.poll();
                flushesRunning++;
            }
            try {
                t.run();
            } finally {
                synchronized (this) {
                    flushesRunning--;
                    notifyAll();
                }
            }
        }
    }

    private void compactionLoop() {
        while (true) {
            FutureTask<?> t;
            synchronized (this) {
                while (!closing && (compactions.isEmpty() || flushesRunning > 0 || !flushes.isEmpty())) {
                    waitQuietly();
                }
                if (closing) {
                    for (FutureTask<?> c : compactions) {
                        c.cancel(false);
                    }
                    compactions.clear();
                    return;
                }
                t = compactions.poll();
            }
            t.run();
        }
    }

    private void waitQuietly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        flushThread.join();
        compactionThread.join();
    }
}
