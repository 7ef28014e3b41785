package ru.diarybridge.app.myschool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.diarybridge.connector.myschool.OperationOutcome;
import ru.diarybridge.connector.myschool.Schedule;

/** {@code GET /Schedule/{esiaId}?start=&end=}: the «Моя школа» pull contract (target-systems §4). */
@RestController
@ConditionalOnProperty(name = "diary-bridge.myschool.enabled", havingValue = "true")
public class ScheduleController {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleController.class);
    /** application/fhir+json would be FHIR's; the summary of the contract does not name a type (UNVERIFIED). */
    static final String JSON = "application/json;charset=UTF-8";

    private final ScheduleService service;

    public ScheduleController(ScheduleService service) {
        this.service = service;
    }

    @GetMapping(path = "/Schedule/{esiaId}", produces = JSON)
    public Schedule schedule(@PathVariable String esiaId, @RequestParam(required = false) String start,
                             @RequestParam(required = false) String end) {
        Schedule schedule = service.schedule(esiaId, start, end);
        LOG.info("«Моя школа»: расписание ЕСИА {} за {}..{}: уроков {}", esiaId, start, end,
                schedule.school().get(0).classes().get(0).lesson().size());
        return schedule;
    }

    @ExceptionHandler(MySchoolException.class)
    ResponseEntity<OperationOutcome> refused(MySchoolException e) {
        return ResponseEntity.status(e.status()).header("Content-Type", JSON).body(e.outcome());
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<OperationOutcome> failed(RuntimeException e) {
        LOG.error("«Моя школа»: ошибка ответа", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).header("Content-Type", JSON)
                .body(OperationOutcome.error(OperationOutcome.Code.EXCEPTION, "Внутренняя ошибка"));
    }
}
