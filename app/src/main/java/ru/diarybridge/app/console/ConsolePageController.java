package ru.diarybridge.app.console;

import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import ru.diarybridge.routes.school.SchoolSettings;

/** The console's server-rendered pages (Russian); the actions are forms that redirect back with a message. */
@Controller
@RequestMapping("/console")
public class ConsolePageController {

    private final ConsoleService console;

    public ConsolePageController(ConsoleService console) {
        this.console = console;
    }

    @GetMapping("/login")
    public String login() {
        return "console/login";
    }

    @GetMapping({"", "/"})
    public String region(@RequestParam(required = false) String q, @RequestParam(required = false) String state,
                         @RequestParam(defaultValue = "state") String sort, @RequestParam(defaultValue = "asc") String dir,
                         @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "50") int size,
                         Model model) {
        model.addAttribute("user", ConsoleService.user());
        model.addAttribute("region", console.region(q, state, sort, dir, page, size));
        model.addAttribute("states", SchoolState.values());
        return "console/region";
    }

    @GetMapping("/schools/{schoolId}")
    public String school(@PathVariable String schoolId, Model model) {
        SchoolSettings s = console.visibleSchool(schoolId);
        ConsoleUser u = ConsoleService.user();
        model.addAttribute("user", u);
        model.addAttribute("school", s);
        model.addAttribute("pausedUntil", console.pauses().active().get(schoolId));
        model.addAttribute("runs", console.school().runs(schoolId, 50));
        model.addAttribute("reconciliation", console.school().reconciliation(schoolId));
        model.addAttribute("rejected", console.school().rejected(schoolId, 100));
        model.addAttribute("events", console.school().events(schoolId, 100));
        model.addAttribute("holds", console.school().holds(schoolId, 20));
        model.addAttribute("deadLetters", console.deadLetters(schoolId));
        model.addAttribute("findings", console.findings(schoolId));
        model.addAttribute("reports", console.reports(schoolId));
        model.addAttribute("archiveRuns", console.archiveRuns(schoolId));
        model.addAttribute("canAct", u.canAct(schoolId));
        model.addAttribute("canApprove", u.canApproveHold());
        model.addAttribute("today", LocalDate.now(s.zone()));
        return "console/school";
    }

    @GetMapping("/schools/{schoolId}/rejected.csv")
    public ResponseEntity<byte[]> rejectedCsv(@PathVariable String schoolId) {
        return ConsoleApiController.csv(console, schoolId);
    }

    @PostMapping("/schools/{schoolId}/sync")
    public String sync(@PathVariable String schoolId, RedirectAttributes flash) {
        return back(schoolId, console.syncNow(schoolId), flash);
    }

    @PostMapping("/schools/{schoolId}/dry-run")
    public String dryRun(@PathVariable String schoolId, RedirectAttributes flash) {
        flash.addFlashAttribute("dryRun", console.dryRun(schoolId));
        return "redirect:/console/schools/" + schoolId;
    }

    @PostMapping("/schools/{schoolId}/pause")
    public String pause(@PathVariable String schoolId,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate until,
                        @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return back(schoolId, console.pause(schoolId, until, reason), flash);
    }

    @PostMapping("/schools/{schoolId}/resume")
    public String resume(@PathVariable String schoolId, RedirectAttributes flash) {
        return back(schoolId, console.resume(schoolId), flash);
    }

    @GetMapping("/schools/{schoolId}/reports/{index}/{format}")
    public ResponseEntity<byte[]> reportFile(@PathVariable String schoolId, @PathVariable int index,
                                             @PathVariable String format) throws java.io.IOException {
        return ConsoleApiController.file(console.reportFile(schoolId, index, format));
    }

    @PostMapping("/schools/{schoolId}/dead-letters/replay")
    public String replayDeadLetters(@PathVariable String schoolId, @RequestParam(required = false) String errorCode,
                                    RedirectAttributes flash) {
        return back(schoolId, console.replayDeadLetters(schoolId, errorCode), flash);
    }

    @PostMapping("/schools/{schoolId}/archive")
    public String archiveNow(@PathVariable String schoolId, @RequestParam(required = false) Integer schoolYear,
                             @RequestParam(required = false) String period, RedirectAttributes flash) {
        return back(schoolId, console.archiveNow(schoolId, schoolYear, period), flash);
    }

    @PostMapping("/schools/{schoolId}/archive/verify")
    public String verifyArchive(@PathVariable String schoolId, RedirectAttributes flash) {
        return back(schoolId, console.verifyArchive(schoolId), flash);
    }

    @PostMapping("/schools/{schoolId}/approve-hold")
    public String approveHold(@PathVariable String schoolId, RedirectAttributes flash) {
        return back(schoolId, console.approveHold(schoolId), flash);
    }

    @GetMapping("/audit")
    public String audit(@RequestParam(required = false) String schoolId, Model model) {
        model.addAttribute("user", ConsoleService.user());
        model.addAttribute("entries", console.auditLog(schoolId, 500));
        model.addAttribute("schoolId", schoolId);
        return "console/audit";
    }

    private static String back(String schoolId, ConsoleService.ActionResult result, RedirectAttributes flash) {
        flash.addFlashAttribute("message", result.message());
        flash.addFlashAttribute("messageOk", result.done());
        return "redirect:/console/schools/" + schoolId;
    }
}
