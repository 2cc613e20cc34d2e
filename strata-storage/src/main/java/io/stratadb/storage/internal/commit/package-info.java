/**
 * L7 commit runtime: the serialized {@link io.stratadb.storage.internal.commit.CommitPipeline} (one
 * version and timestamp per commit, ordered visibility watermark), the
 * {@link io.stratadb.storage.internal.commit.CommitLog} SPI a WAL plugs into (append under the lock,
 * await durability outside it: group commit), {@link io.stratadb.storage.internal.commit.CommitRecord}
 * and the version/timestamp {@link io.stratadb.storage.internal.commit.Timeline}.
 */
package io.stratadb.storage.internal.commit;
