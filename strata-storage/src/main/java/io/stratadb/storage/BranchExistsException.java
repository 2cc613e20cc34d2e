package io.stratadb.storage;

/** A branch with that name already exists (create or fork to an existing name). */
public class BranchExistsException extends StorageException {
    private final String branch;

    public BranchExistsException(String branch) {
        super("branch already exists: '" + branch + "'");
        this.branch = branch;
    }

    public String branch() {
        return branch;
    }
}
