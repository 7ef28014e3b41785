package ru.diarybridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the application process every 250 ms: heap used (Actuator's jvm.memory.used, area heap), RSS and peak RSS
 * (/proc/&lt;pid&gt;/status), CPU time (/proc/&lt;pid&gt;/stat, utime + stime).
 */
final class ProcessSampler {

    private final long pid;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean running;
    private volatile long peakHeap;
    private Thread thread;

    ProcessSampler(long pid, int port) {
        this.pid = pid;
        this.port = port;
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/actuator/metrics/jvm.memory.used?tag=area:heap")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        long used = (long) json.readTree(r.body()).path("measurements").path(0).path("value").asDouble();
                        peakHeap = Math.max(peakHeap, used);
                    }
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception ignored) {
                    // the application is stopping
                }
            }
        }, "sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    long peakHeapMb() {
        return peakHeap >> 20;
    }

    long peakRssMb() {
        return statusKb("VmHWM:") >> 10;
    }

    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime), counted after the command name
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception ignored) {
            // gone
        }
        return 0;
    }
}
