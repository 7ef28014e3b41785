package ru.diarybridge.routes.school;

import java.util.List;
import java.util.Optional;

/** The configured schools. */
public interface SchoolDirectory {

    List<SchoolSettings> schools();

    default Optional<SchoolSettings> school(String schoolId) {
        return schools().stream().filter(s -> s.schoolId().equals(schoolId)).findFirst();
    }

    default SchoolSettings require(String schoolId) {
        return school(schoolId).orElseThrow(() -> new IllegalArgumentException("школа не настроена: " + schoolId));
    }
}
