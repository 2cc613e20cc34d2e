package io.stratadb;

import io.stratadb.command.BranchCommand;

import java.util.List;
import java.util.Optional;

/**
 * Branch operations ({@code db.branches()}). {@code default} always exists. A fork is copy-on-write
 * and costs O(metadata); diff reports per space and primitive what was added, removed and modified;
 * merge is three-way against the fork point (deletions propagate; event logs merge by appending the
 * source's post-fork events) with a {@link MergeStrategy}. {@link #use} switches the session's current
 * branch (and resets its space to {@code default}).
 *
 * <p>Errors: {@link ValidationException} for bad names, {@link NotFoundException} for a missing
 * branch, {@link StateException} for an existing target, deleting {@code default} or the current branch,
 * or switching branch inside a transaction.
 */
public final class Branches {
    private final Runner runner;

    Branches(Runner runner) {
        this.runner = runner;
    }

    /** Creates an empty branch. */
    public BranchInfo create(String name) {
        return runner.run(new BranchCommand.Create(name)).branch();
    }

    /** Forks the current branch into {@code target} (all of its data, copy-on-write). */
    public BranchInfo fork(String target) {
        return runner.run(new BranchCommand.Fork(null, target)).branch();
    }

    /** Forks {@code source} into {@code target}. */
    public BranchInfo fork(String source, String target) {
        return runner.run(new BranchCommand.Fork(source, target)).branch();
    }

    /** Every live branch, sorted by name. */
    public List<BranchInfo> list() {
        return runner.run(new BranchCommand.List()).branches();
    }

    /** Names of every live branch, sorted. */
    public List<String> names() {
        return list().stream().map(BranchInfo::name).toList();
    }

    public boolean exists(String name) {
        return runner.run(new BranchCommand.Exists(name)).value();
    }

    /** Metadata: parent, fork version, created/updated times. */
    public Optional<BranchInfo> get(String name) {
        return Optional.ofNullable(runner.run(new BranchCommand.Get(name)).branch());
    }

    public void delete(String name) {
        runner.run(new BranchCommand.Delete(name));
    }

    /** Makes {@code name} the current branch (space back to {@code default}). */
    public void use(String name) {
        runner.run(new BranchCommand.Use(name));
    }

    public String current() {
        return runner.run(new BranchCommand.Current()).name();
    }

    /** What changed from {@code a} to {@code b}: in {@code b} only = added, in {@code a} only = removed. */
    public BranchDiff diff(String a, String b) {
        return runner.run(new BranchCommand.Diff(a, b)).diff();
    }

    /** Merges {@code source} into the current branch, strictly (any conflict applies nothing). */
    public MergeResult merge(String source) {
        return merge(source, null, MergeStrategy.STRICT);
    }

    /** Merges {@code source} into the current branch with {@code strategy}. */
    public MergeResult merge(String source, MergeStrategy strategy) {
        return merge(source, null, strategy);
    }

    /** Merges {@code source} into {@code target} (null = the current branch). */
    public MergeResult merge(String source, String target, MergeStrategy strategy) {
        return runner.run(new BranchCommand.Merge(source, target, wire(strategy), false)).merge();
    }

    /** What {@link #merge(String, MergeStrategy)} would do, without writing anything. */
    public MergeResult preview(String source, MergeStrategy strategy) {
        return preview(source, null, strategy);
    }

    public MergeResult preview(String source, String target, MergeStrategy strategy) {
        return runner.run(new BranchCommand.Merge(source, target, wire(strategy), true)).merge();
    }

    private static String wire(MergeStrategy s) {
        if (s == null) {
            throw new ValidationException("merge strategy must not be null");
        }
        return s.wireName();
    }
}
