package ru.diarybridge.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * What each component allows alone, on the same machine and in the same run as the pipeline: one HTTP call, one
 * persistent message (sent and received, in transactions of 100) and one id-map row (upserted in JDBC batches of
 * 200, as the delivery writes them) per record.
 */
final class BareLoops {

    record Rates(double http, double artemis, double pg) { }

    static Rates run(LightDnevnik dnevnik, Path artemisDir, java.sql.Connection db, String schema, int concurrency,
                     Duration each) throws Exception {
        return new Rates(http(dnevnik, concurrency, each), artemis(artemisDir, each), pg(db, schema, each));
    }

    static double http(LightDnevnik dnevnik, int concurrency, Duration each) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create(dnevnik.apiUrl() + "bench/echo");
        String body = "{\"value\":\"5\",\"mood\":\"Good\",\"date\":\"2026-11-16\",\"person\":1234567,"
                + "\"work\":7654321,\"comment\":\"контрольная работа по теме «Дроби», вариант 2\"}";
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            threads.add(started(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        return measure(done, stop, threads, each);
    }

    static double artemis(Path dir, Duration each) throws Exception {
        ConfigurationImpl cfg = new ConfigurationImpl();
        cfg.setPersistenceEnabled(true);
        cfg.setSecurityEnabled(false);
        cfg.setJournalType(JournalType.ASYNCIO);
        cfg.setJournalDirectory(dir.resolve("journal").toString());
        cfg.setBindingsDirectory(dir.resolve("bindings").toString());
        cfg.setLargeMessagesDirectory(dir.resolve("large").toString());
        cfg.setPagingDirectory(dir.resolve("paging").toString());
        cfg.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName()));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(cfg);
        broker.start();
        String journal = broker.getActiveMQServer().getConfiguration().getJournalType().name();
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://0");
             Connection c = cf.createConnection()) {
            c.start();
            byte[] payload = new byte[1024];
            AtomicLong received = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            Session ps = c.createSession(true, Session.SESSION_TRANSACTED);
            Session cs = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue q = ps.createQueue("bench.bare");
            threads.add(started(() -> {
                try (MessageProducer p = ps.createProducer(q)) {
                    while (!stop.get()) {
                        for (int i = 0; i < 100; i++) {
                            BytesMessage m = ps.createBytesMessage();
                            m.writeBytes(payload);
                            p.send(m);
                        }
                        ps.commit();
                    }
                } catch (Exception ignored) {
                    // stopped
                }
            }));
            threads.add(started(() -> {
                try (MessageConsumer mc = cs.createConsumer(q)) {
                    while (!stop.get()) {
                        int n = 0;
                        while (n < 100 && mc.receive(200) != null) {
                            n++;
                        }
                        cs.commit();
                        received.addAndGet(n);
                    }
                } catch (Exception ignored) {
                    // stopped
                }
            }));
            double r = measure(received, stop, threads, each);
            System.out.println("bare Artemis journal type: " + journal);
            return r;
        } finally {
            broker.stop();
        }
    }

    static double pg(java.sql.Connection db, String schema, Duration each) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + schema + ".bare_target_record (target VARCHAR(16) NOT NULL, school_id VARCHAR(64)"
                    + " NOT NULL, source_key VARCHAR(255) NOT NULL, entity_type VARCHAR(24) NOT NULL, remote_id BIGINT,"
                    + " delivered_hash VARCHAR(64) NOT NULL, delivered_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " run_id VARCHAR(36), PRIMARY KEY (target, school_id, source_key))");
        }
        String sql = "INSERT INTO " + schema + ".bare_target_record VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (target,"
                + " school_id, source_key) DO UPDATE SET remote_id = EXCLUDED.remote_id, delivered_hash ="
                + " EXCLUDED.delivered_hash, delivered_at = EXCLUDED.delivered_at, run_id = EXCLUDED.run_id";
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(false);
        long rows = 0;
        long started = System.nanoTime();
        long end = started + each.toNanos();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            while (System.nanoTime() < end) {
                for (int i = 0; i < 200; i++) {
                    long k = rows % 150_000; // new rows first, then updates of the same keys
                    ps.setString(1, "dnevnik");
                    ps.setString(2, "bench-" + (k % 5));
                    ps.setString(3, "MARK:bench-" + (k % 5) + ":1005:" + k + ":2026-11-16:3:7:" + k);
                    ps.setString(4, "MARK");
                    ps.setLong(5, 1_000_000 + rows);
                    ps.setString(6, Long.toHexString(rows * 0x9E3779B97F4A7C15L) + "0123456789abcdef0123456789abcdef0123456789ab");
                    ps.setTimestamp(7, new Timestamp(System.currentTimeMillis()));
                    ps.setString(8, "00000000-0000-0000-0000-000000000001");
                    ps.addBatch();
                    rows++;
                }
                ps.executeBatch();
                db.commit();
            }
        } finally {
            db.setAutoCommit(auto);
        }
        return rows / ((System.nanoTime() - started) / 1e9);
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r, "bare-loop");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double measure(AtomicLong done, AtomicBoolean stop, List<Thread> threads, Duration each)
            throws InterruptedException {
        Thread.sleep(Math.min(1000, each.toMillis() / 4)); // warm-up
        long c0 = done.get();
        long t0 = System.nanoTime();
        Thread.sleep(each.toMillis());
        long c1 = done.get();
        long t1 = System.nanoTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        return (c1 - c0) / ((t1 - t0) / 1e9);
    }
}
