package io.stratadb.internal.engine;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects {@link EngineInfo}: one scan per space and keyspace of the branch (events: the log counter). */
final class EngineStats {
    private EngineStats() {
    }

    static EngineInfo collect(Engine engine, String branch) {
        Names.checkBranch(branch);
        ReadView view = StorageErrors.call(() -> engine.storage().snapshot(branch));
        List<String> spaces = engine.spaceRegistry().list(view);
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<Integer, String> ks : engine.mergeKeyspaces().entrySet()) {
            long n = 0;
            for (String space : spaces) {
                n += countKeys(view, space, ks.getKey());
            }
            counts.put(ks.getValue(), n);
        }
        long events = 0;
        for (String space : spaces) {
            events += EventOps.count(view, space);
        }
        counts.put("event", events);
        int branches = StorageErrors.call(() -> engine.storage().listBranches()).size();
        return new EngineInfo(branch, branches, spaces.size(), counts, engine.storage().latestVersion());
    }

    private static long countKeys(ReadView view, String space, int keyspace) {
        long n = 0;
        try (CloseableIterator<KeyValue> it = view.scan(KeyRange.keyspace(space, keyspace))) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
        return n;
    }

}
