package io.stratadb.internal.engine;

import io.stratadb.BranchDiff;
import io.stratadb.BranchInfo;
import io.stratadb.ConstraintException;
import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;
import io.stratadb.NotFoundException;
import io.stratadb.ValidationException;
import io.stratadb.storage.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Branch operations. {@code default} always exists and cannot be deleted. Fork is copy-on-write and
 * O(metadata) (storage's fork). Diff compares two branches' latest states per space and primitive.
 * Merge is three-way against the merge base (the fork point, or the last merge between the two
 * branches) and applies in one commit. Thread-safe.
 *
 * <p>Errors: {@link NotFoundException} for a missing branch, {@link io.stratadb.StateException} when
 * creating a branch that exists, {@link ConstraintException} for deleting {@code default},
 * {@link ValidationException} for bad names.
 */
public final class BranchOps {
    private final Engine engine;

    BranchOps(Engine engine) {
        this.engine = engine;
    }

    /** Creates an empty branch. */
    public BranchInfo create(String name) {
        Names.checkBranch(name);
        engine.checkWritable();
        return toPublic(StorageErrors.call(() -> engine.storage().createBranch(name)));
    }

    /** Forks {@code source} at its latest commit into the new branch {@code target}. */
    public BranchInfo fork(String source, String target) {
        Names.checkBranch(source);
        Names.checkBranch(target);
        engine.checkWritable();
        return toPublic(StorageErrors.call(() -> engine.storage().fork(source, target)));
    }

    /** Forks {@code source} as of commit {@code version} into the new branch {@code target}. */
    public BranchInfo fork(String source, String target, long version) {
        Names.checkBranch(source);
        Names.checkBranch(target);
        engine.checkWritable();
        if (version < 0 || version > engine.storage().latestVersion()) {
            throw new ValidationException("fork version must be in 0.." + engine.storage().latestVersion() + ", got "
                    + version);
        }
        return toPublic(StorageErrors.call(() -> engine.storage().fork(source, target, version)));
    }

    /** Every branch, sorted by name. */
    public List<BranchInfo> list() {
        List<BranchInfo> out = new ArrayList<>();
        for (io.stratadb.storage.BranchInfo b : StorageErrors.call(() -> engine.storage().listBranches())) {
            out.add(toPublic(b));
        }
        return out;
    }

    /** Branch names, sorted. */
    public List<String> names() {
        return list().stream().map(BranchInfo::name).toList();
    }

    public boolean exists(String name) {
        Names.checkBranch(name);
        return StorageErrors.call(() -> engine.storage().branch(name)).isPresent();
    }

    /** A branch's metadata, or empty. */
    public Optional<BranchInfo> get(String name) {
        Names.checkBranch(name);
        return StorageErrors.call(() -> engine.storage().branch(name)).map(BranchOps::toPublic);
    }

    /**
     * Deletes a branch (its children keep what they inherited).
     *
     * @throws ConstraintException for {@code default}
     * @throws NotFoundException   if it does not exist
     */
    public void delete(String name) {
        Names.checkBranch(name);
        if (Storage.DEFAULT_BRANCH.equals(name)) {
            throw new ConstraintException("the default branch cannot be deleted");
        }
        engine.checkWritable();
        if (!exists(name)) {
            throw new NotFoundException("branch '" + name + "' does not exist");
        }
        StorageErrors.run(() -> engine.storage().deleteBranch(name));
    }

    /** Differences from {@code a} to {@code b} (latest states): added = only in b, removed = only in a. */
    public BranchDiff diff(String a, String b) {
        Names.checkBranch(a);
        Names.checkBranch(b);
        return new BranchDiffer(engine).diff(a, b);
    }

    /**
     * Merges {@code source} into {@code target}, three-way against the merge base.
     *
     * @param preview if true nothing is written; the result shows what would happen
     * @throws NotFoundException if either branch is missing
     * @throws ValidationException if source == target
     * @throws io.stratadb.ConflictException if concurrent commits kept invalidating the merge
     */
    public MergeResult merge(String source, String target, MergeStrategy strategy, boolean preview) {
        Names.checkBranch(source);
        Names.checkBranch(target);
        Objects.requireNonNull(strategy, "strategy");
        if (source.equals(target)) {
            throw new ValidationException("cannot merge branch '" + source + "' into itself");
        }
        if (!preview) {
            engine.checkWritable();
        }
        return new BranchMerger(engine).merge(source, target, strategy, preview);
    }

    static BranchInfo toPublic(io.stratadb.storage.BranchInfo b) {
        return new BranchInfo(b.name(), b.parent().orElse(null), b.forkVersion(), b.createdMicros(),
                b.updatedMicros(), b.lastCommitVersion());
    }
}
