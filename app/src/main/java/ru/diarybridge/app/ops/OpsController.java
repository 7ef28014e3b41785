package ru.diarybridge.app.ops;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import ru.diarybridge.routes.school.SchoolRegistry;

/**
 * The operations JSON API under {@code /api/ops}: «Проверить подключение» and the configuration problems. Access
 * control is the console's (Spring Security on {@code /api/ops/**}).
 */
@RestController
@RequestMapping("/api/ops")
public class OpsController {

    private final ConnectionCheck check;
    private final SchoolRegistry schools;

    public OpsController(ConnectionCheck check, SchoolRegistry schools) {
        this.check = check;
        this.schools = schools;
    }

    /** Every endpoint of the school, each ok or failed with a Russian explanation. */
    @GetMapping("/schools/{id}/connection-check")
    public ResponseEntity<?> connectionCheck(@PathVariable String id) {
        return check.check(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "Школа «" + id + "» не настроена: нет файла " + id + ".yml")));
    }

    /** The school files that do not validate: file, and per problem the key and the reason. */
    @GetMapping("/config/problems")
    public List<SchoolRegistry.Misconfigured> configProblems() {
        return schools.misconfigured();
    }
}
