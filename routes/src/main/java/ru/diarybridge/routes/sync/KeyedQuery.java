package ru.diarybridge.routes.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/** A query over one school's rows of a target for a set of source keys, as one {@code IN (…)} per 500 keys. */
final class KeyedQuery {

    private static final int KEYS_PER_QUERY = 500;

    private KeyedQuery() {
    }

    /**
     * @param select the statement up to its WHERE clause, which this adds:
     *               {@code target = ? AND school_id = ? AND source_key IN (…)}
     */
    static void forKeys(JdbcTemplate jdbc, String select, String target, String schoolId, Collection<String> keys,
                        RowCallbackHandler rows) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(keys));
        for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
            List<Object> args = new ArrayList<>(chunk.size() + 2);
            args.add(target);
            args.add(schoolId);
            args.addAll(chunk);
            jdbc.query(select + " WHERE target = ? AND school_id = ? AND source_key IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")", rows, args.toArray());
        }
    }
}
