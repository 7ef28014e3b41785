package ru.diarybridge.routes.control;

import java.util.List;

/** One regulation check. Each rule cites the clause it enforces; its findings carry code and clause. */
public interface Rule {

    /** Stable code stored with every finding, e.g. {@code LATE_MARK}. */
    String code();

    /** The clause, as regulations.md cites it: {@code 004 §7.4}. */
    String clause();

    /** Short Russian description for the README and the reports. */
    String description();

    List<Finding> check(CheckContext context);
}
