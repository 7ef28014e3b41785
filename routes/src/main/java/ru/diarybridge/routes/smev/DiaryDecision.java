package ru.diarybridge.routes.smev;

import ru.diarybridge.connector.smev.RejectionCode;
import ru.diarybridge.connector.smev.content.PupilDiary;

/** What diary-bridge answers to a parent's diary request: the diary, or a rejection with a Russian reason. */
public sealed interface DiaryDecision {

    record Answer(PupilDiary diary) implements DiaryDecision {
    }

    record Reject(RejectionCode code, String reason) implements DiaryDecision {
    }
}
