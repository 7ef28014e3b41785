package ru.diarybridge.routes.smev;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ru.diarybridge.connector.smev.RejectionCode;
import ru.diarybridge.connector.smev.content.DiaryRequest;
import ru.diarybridge.connector.smev.content.PupilDiary;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.routes.store.JournalStore;

/**
 * Decides a parent's request for a child's diary from the synced journal (001 §3.1.2, §6.1): the pupil must be
 * one of this school's pupils (else NO_DATA), the requester one of the pupil's guardians by СНИЛС (else
 * ACCESS_DENIED), and the pupil's data exportable: consent given and enrolled (else ACCESS_DENIED). The answer
 * holds the pupil's lessons of the period with topic, homework, attendance and marks.
 */
public class DiaryRequestDecider {

    /** The longest period one request may ask for (one school year). */
    static final long MAX_DAYS = 366;

    private final JournalStore journal;

    public DiaryRequestDecider(JournalStore journal) {
        this.journal = journal;
    }

    public DiaryDecision decide(String schoolId, DiaryRequest request) {
        if (request.to().isBefore(request.from())
                || ChronoUnit.DAYS.between(request.from(), request.to()) > MAX_DAYS) {
            return new DiaryDecision.Reject(RejectionCode.UNKNOWN_REQUEST_DESCRIPTION,
                    "Неверный период: начало должно быть не позже конца, период не длиннее года");
        }
        String pupilSnils = normalise(request.pupilSnils());
        Optional<Person> pupil = journal.personsBySnils(pupilSnils).stream()
                .filter(p -> p.role() == PersonRole.PUPIL && schoolId.equals(p.key().schoolId()))
                .findFirst();
        if (pupil.isEmpty() || pupil.get().classKey() == null) {
            return new DiaryDecision.Reject(RejectionCode.NO_DATA,
                    "Обучающийся с указанным СНИЛС в этой школе не найден");
        }
        String requester = normalise(request.requesterSnils());
        boolean guardian = journal.guardiansOf(pupil.get().key()).stream()
                .anyMatch(g -> requester.equals(normalise(g.snils())));
        if (!guardian) {
            return new DiaryDecision.Reject(RejectionCode.ACCESS_DENIED,
                    "Заявитель не указан в школе как законный представитель обучающегося");
        }
        if (!pupil.get().consent().given()) {
            return new DiaryDecision.Reject(RejectionCode.ACCESS_DENIED,
                    "Нет согласия на обработку персональных данных обучающегося в электронном дневнике");
        }
        if (!pupil.get().enrolment().active()) {
            return new DiaryDecision.Reject(RejectionCode.NO_DATA, "Обучающийся выбыл из школы");
        }
        Optional<ClassJournal> classJournal = journal.classJournal(schoolId, pupil.get().classKey(), request.from(),
                request.to());
        if (classJournal.isEmpty()) {
            return new DiaryDecision.Reject(RejectionCode.NO_DATA, "Журнал класса за указанный период не найден");
        }
        return new DiaryDecision.Answer(diary(pupilSnils, pupil.get().key(), classJournal.get(), request));
    }

    private static PupilDiary diary(String snils, NaturalKey pupil, ClassJournal j, DiaryRequest request) {
        Map<NaturalKey, String> subjects = new HashMap<>();
        for (Subject s : j.subjects()) {
            subjects.put(s.key(), s.name());
        }
        Map<NaturalKey, Work> works = new HashMap<>();
        for (Work w : j.works()) {
            works.put(w.key(), w);
        }
        List<PupilDiary.Lesson> lessons = new ArrayList<>();
        List<Lesson> sorted = new ArrayList<>(j.lessons());
        sorted.sort(Comparator.comparing(Lesson::date).thenComparingInt(Lesson::number));
        for (Lesson l : sorted) {
            if (l.date().isBefore(request.from()) || l.date().isAfter(request.to())) {
                continue;
            }
            AttendanceEntry attendance = j.attendance().stream()
                    .filter(a -> a.lessonKey().equals(l.key()) && a.pupilKey().equals(pupil)).findFirst().orElse(null);
            List<PupilDiary.Mark> marks = new ArrayList<>();
            for (Mark m : j.marks()) {
                if (m.lessonKey().equals(l.key()) && m.pupilKey().equals(pupil)) {
                    Work w = works.get(m.workKey());
                    marks.add(new PupilDiary.Mark(m.value().value(), m.weight(), w == null ? null : w.title()));
                }
            }
            List<PupilDiary.Homework> homework = new ArrayList<>();
            for (Homework h : j.homework()) {
                if (h.lessonKey().equals(l.key()) && !h.individual()) {
                    homework.add(new PupilDiary.Homework(h.text(), h.dueDate()));
                }
            }
            lessons.add(new PupilDiary.Lesson(l.date(), l.number(),
                    subjects.getOrDefault(l.subjectKey(), l.subjectKey().sourceId()), l.topic(),
                    attendance == null ? null : attendance.code().code(),
                    attendance == null ? null : attendance.code().kind().name(), marks, homework));
        }
        return new PupilDiary(snils, request.from(), request.to(), lessons);
    }

    static String normalise(String snils) {
        return snils == null ? "" : snils.replaceAll("[^0-9]", "");
    }
}
