package io.stratadb;

import java.util.List;

/**
 * One page of a paginated listing. Pass {@link #nextCursor()} back to get the following page;
 * it is {@code null} when there is nothing more. Cursors are opaque strings, stable across
 * commits (a page after a concurrent write starts strictly after the last item returned).
 *
 * @param items      the items of this page, in listing order
 * @param nextCursor cursor for the next page, or {@code null} if this is the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /** Whether a further page exists. */
    public boolean hasMore() {
        return nextCursor != null;
    }
}
