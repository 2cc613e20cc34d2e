package io.stratadb;

import io.stratadb.command.SpaceCommand;

import java.util.List;

/**
 * Spaces of the current branch ({@code db.spaces()}): named partitions of every primitive. Names
 * match {@code ^[a-z][a-z0-9_-]{0,63}$}; {@code default} always exists and cannot be deleted; a space
 * is created on its first write (or by {@link #create}); deleting a non-empty space needs {@code force}.
 * {@link #use} switches the session's current space. Errors: {@link ValidationException} for bad
 * names, {@link ConstraintException} for deleting {@code default} or a non-empty space without force.
 */
public final class Spaces {
    private final Runner runner;

    Spaces(Runner runner) {
        this.runner = runner;
    }

    public void create(String name) {
        runner.run(new SpaceCommand.Create(name, null));
    }

    /** Spaces of the current branch, sorted. */
    public List<String> list() {
        return runner.run(new SpaceCommand.List(null)).names();
    }

    public boolean exists(String name) {
        return runner.run(new SpaceCommand.Exists(name, null)).value();
    }

    /** Deletes an empty space. */
    public void delete(String name) {
        delete(name, false);
    }

    /** Deletes a space; with {@code force} also its data. */
    public void delete(String name, boolean force) {
        runner.run(new SpaceCommand.Delete(name, force, null));
    }

    /** Makes {@code name} the current space (no need to create it first). */
    public void use(String name) {
        runner.run(new SpaceCommand.Use(name));
    }

    public String current() {
        return runner.run(new SpaceCommand.Current()).name();
    }
}
