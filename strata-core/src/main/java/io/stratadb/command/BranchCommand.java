package io.stratadb.command;

/** Branch commands: create, fork, inspect, delete, switch, diff and merge whole branches. */
public sealed interface BranchCommand<R extends Result> extends Command<R> {

    /** Creates an empty branch. */
    record Create(String name) implements BranchCommand<Result.Branch> {
        public Create {
            Args.name("branch_create", "name", name);
        }
    }

    /** Forks {@code source} (null = the current branch) into {@code target}; copy-on-write, O(metadata). */
    record Fork(String source, String target) implements BranchCommand<Result.Branch> {
        public Fork {
            Args.name("branch_fork", "target", target);
        }
    }

    record List() implements BranchCommand<Result.Branches> {
    }

    record Exists(String name) implements BranchCommand<Result.Flag> {
        public Exists {
            Args.name("branch_exists", "name", name);
        }
    }

    /** A branch's metadata, or none. */
    record Get(String name) implements BranchCommand<Result.Branch> {
        public Get {
            Args.name("branch_get", "name", name);
        }
    }

    /** Deletes a branch ({@code default} and the current branch cannot be deleted). */
    record Delete(String name) implements BranchCommand<Result.Unit> {
        public Delete {
            Args.name("branch_delete", "name", name);
        }
    }

    /** Makes {@code name} the session's current branch (its space resets to {@code default}). */
    record Use(String name) implements BranchCommand<Result.Name> {
        public Use {
            Args.name("branch_use", "name", name);
        }
    }

    record Current() implements BranchCommand<Result.Name> {
    }

    /** What changed from branch {@code a} to branch {@code b}, per space and primitive. */
    record Diff(String a, String b) implements BranchCommand<Result.Diff> {
        public Diff {
            Args.name("branch_diff", "a", a);
            Args.name("branch_diff", "b", b);
        }
    }

    /**
     * Three-way merge of {@code source} into {@code target} (null = the current branch) with
     * {@code strategy} (null = strict: any conflict applies nothing). {@code dryRun} previews.
     */
    record Merge(String source, String target, String strategy, boolean dryRun) implements BranchCommand<Result.Merge> {
        public Merge {
            Args.name("branch_merge", "source", source);
        }
    }
}
