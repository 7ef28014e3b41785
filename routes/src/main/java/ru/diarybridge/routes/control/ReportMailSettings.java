package ru.diarybridge.routes.control;

/**
 * The SMTP server the control reports go out through ({@code diary-bridge.reports.*}).
 *
 * @param host     SMTP host; blank turns e-mail off (reports are still made and kept)
 * @param starttls require STARTTLS
 */
public record ReportMailSettings(String host, int port, String username, String password, String from,
                                 boolean starttls) {

    public boolean enabled() {
        return host != null && !host.isBlank();
    }

    /** The camel-mail endpoint; the password as RAW() so that no character of it is taken for URI syntax. */
    public String endpointUri() {
        StringBuilder uri = new StringBuilder("smtp://").append(host).append(':').append(port)
                .append("?from=").append(from == null || from.isBlank() ? "diary-bridge@localhost" : from)
                .append("&contentType=text/plain;+charset=UTF-8");
        if (username != null && !username.isBlank()) {
            uri.append("&username=").append(username).append("&password=RAW(")
                    .append(password == null ? "" : password).append(')');
        }
        if (starttls) {
            // camel-mail passes mail.* parameters to JavaMail
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        return uri.toString();
    }
}
