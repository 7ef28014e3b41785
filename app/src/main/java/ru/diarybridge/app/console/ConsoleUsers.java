package ru.diarybridge.app.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import ru.diarybridge.routes.school.SchoolDirectory;

/** The {@code console_user} table: password hashes only (delegating encoder, bcrypt by default). */
public class ConsoleUsers implements UserDetailsService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleUsers.class);

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;

    public ConsoleUsers(JdbcTemplate jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
    }

    @Override
    public ConsoleUser loadUserByUsername(String username) {
        List<ConsoleUser> found = jdbc.query("SELECT * FROM console_user WHERE username = ?", (rs, n) ->
                new ConsoleUser(rs.getString("username"), rs.getString("password_hash"),
                        ConsoleRole.valueOf(rs.getString("role")), rs.getString("school_id"),
                        rs.getBoolean("enabled")), username);
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("нет такого пользователя");
        }
        return found.get(0);
    }

    /** Creates the configured users that do not exist yet; a password already changed in the table is kept. */
    public void seed(List<ConsoleProperties.InitialUser> users, SchoolDirectory schools) {
        for (ConsoleProperties.InitialUser u : users) {
            if (u.username() == null || u.username().isBlank() || u.password() == null || u.password().isBlank()
                    || u.role() == null) {
                throw new IllegalStateException("diary-bridge.console.users: у пользователя «" + u.username()
                        + "» нужны username, password и role");
            }
            if (u.role() == ConsoleRole.SCHOOL_IT && (u.school() == null || schools.school(u.school()).isEmpty())) {
                throw new IllegalStateException("diary-bridge.console.users: пользователь «" + u.username()
                        + "» (SCHOOL_IT): школа «" + u.school() + "» не настроена");
            }
            Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM console_user WHERE username = ?", Integer.class,
                    u.username());
            if (exists != null && exists > 0) {
                continue;
            }
            String hash = u.password().startsWith("{") ? u.password() : encoder.encode(u.password());
            jdbc.update("INSERT INTO console_user (username, password_hash, role, school_id, enabled, created_at) "
                            + "VALUES (?, ?, ?, ?, TRUE, ?)", u.username(), hash, u.role().name(),
                    u.role() == ConsoleRole.SCHOOL_IT ? u.school() : null, Timestamp.from(Instant.now()));
            LOG.info("Пользователь консоли {} ({}) создан", u.username(), u.role());
        }
        Integer total = jdbc.queryForObject("SELECT COUNT(*) FROM console_user", Integer.class);
        if (total == null || total == 0) {
            LOG.warn("Пользователей консоли нет: задайте diary-bridge.console.users, иначе войти в /console нельзя");
        }
    }
}
