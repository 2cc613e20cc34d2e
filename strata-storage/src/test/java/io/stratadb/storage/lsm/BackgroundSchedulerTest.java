package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.lsm.PriorityBackgroundScheduler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Flush has priority: no compaction starts while a flush is queued or running. Latches, no timing. */
class BackgroundSchedulerTest {
    @Test
    void compactionWaitsForQueuedFlushes() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch flushStarted = new CountDownLatch(1);
        CountDownLatch releaseFlush = new CountDownLatch(1);
        PriorityBackgroundScheduler s = new PriorityBackgroundScheduler("test", e -> { });
        try {
            s.submitFlush(() -> {
                flushStarted.countDown();
                await(releaseFlush);
                order.add("flush1");
            });
            flushStarted.await();
            Future<?> c = s.submitCompaction(() -> order.add("compaction"));
            Future<?> f2 = s.submitFlush(() -> order.add("flush2"));
            assertTrue(s.flushPending());
            releaseFlush.countDown();
            c.get();
            f2.get();
            assertEquals(List.of("flush1", "flush2", "compaction"), order);
        } finally {
            s.close();
        }
    }

    @Test
    void failuresReachTheHandlerAndTheFuture() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        PriorityBackgroundScheduler s = new PriorityBackgroundScheduler("test", seen::set);
        IllegalStateException boom = new IllegalStateException("disk full");
        Future<?> f = s.submitCompaction(() -> {
            throw boom;
        });
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertSame(boom, e.getCause());
        assertSame(boom, seen.get());
        s.close();
        s.close();
        assertThrows(RejectedExecutionException.class, () -> s.submitFlush(() -> { }));
    }

    @Test
    void closeRunsQueuedFlushesAndDropsQueuedCompactions() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        PriorityBackgroundScheduler s = new PriorityBackgroundScheduler("test", e -> { });
        s.submitFlush(() -> {
            await(release);
            order.add("flush1");
        });
        Future<?> f2 = s.submitFlush(() -> order.add("flush2"));
        Future<?> c = s.submitCompaction(() -> order.add("compaction"));
        Thread closer = new Thread(() -> {
            try {
                s.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        release.countDown();
        closer.join();
        f2.get();
        assertTrue(c.isCancelled() || order.contains("compaction"));
        assertEquals("flush1", order.get(0));
        assertTrue(order.contains("flush2"));
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
