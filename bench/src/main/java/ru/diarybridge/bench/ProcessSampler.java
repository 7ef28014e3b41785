package ru.diarybridge.bench;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Samples the application process every 250 ms: heap used (the JVM's MemoryMXBean over a local JMX connection), RSS
 * and peak RSS (/proc/&lt;pid&gt;/status), CPU time (/proc/&lt;pid&gt;/stat, utime + stime).
 *
 * <p>The heap is read over JMX, attached to the process, not from Actuator's metrics endpoint: with 600 schools
 * the application's meter registry holds tens of thousands of meters, each metrics request searched them all, and
 * four requests a second took about a sixth of the application's CPU in a profile of the region day.
 */
final class ProcessSampler {

    private final long pid;
    private volatile boolean running;
    private volatile long peakHeap;
    private Thread thread;

    ProcessSampler(long pid) {
        this.pid = pid;
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            try (JMXConnector jmx = connect()) {
                MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                        ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
                while (running) {
                    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (running) {
                    System.err.println("heap sampling stopped: " + e);
                }
            }
        }, "sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private JMXConnector connect() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
        } finally {
            vm.detach();
        }
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
