package io.stratadb.storage;

/** The named branch does not exist (never created, or deleted). */
public class BranchNotFoundException extends StorageException {
    private final String branch;

    public BranchNotFoundException(String branch) {
        super("branch not found: '" + branch + "'");
        this.branch = branch;
    }

    public String branch() {
        return branch;
    }
}
