package io.stratadb.command;

/** Space commands, within a branch (null = the session's current branch). */
public sealed interface SpaceCommand<R extends Result> extends Command<R> {

    record Create(String name, String branch) implements SpaceCommand<Result.Unit> {
        public Create {
            Args.name("space_create", "name", name);
        }
    }

    record List(String branch) implements SpaceCommand<Result.Names> {
    }

    record Exists(String name, String branch) implements SpaceCommand<Result.Flag> {
        public Exists {
            Args.name("space_exists", "name", name);
        }
    }

    /** Deletes a space; a non-empty space needs {@code force}; {@code default} cannot be deleted. */
    record Delete(String name, boolean force, String branch) implements SpaceCommand<Result.Unit> {
        public Delete {
            Args.name("space_delete", "name", name);
        }
    }

    /** Makes {@code name} the session's current space (it is created on first write). */
    record Use(String name) implements SpaceCommand<Result.Name> {
        public Use {
            Args.name("space_use", "name", name);
        }
    }

    record Current() implements SpaceCommand<Result.Name> {
    }
}
