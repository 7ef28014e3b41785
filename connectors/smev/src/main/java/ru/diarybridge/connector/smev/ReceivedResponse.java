package ru.diarybridge.connector.smev;

import java.util.List;
import org.w3c.dom.Element;

/**
 * A response taken by GetResponse: either content or rejections. {@code messageId} is the response's own
 * MessageID (the Ack target); {@code originalMessageId} correlates it to our request.
 */
public record ReceivedResponse(String messageId, String originalMessageId, Element content, String contentXml,
                               List<Rejection> rejections, String smevSignatureProblem) {
    public ReceivedResponse {
        rejections = rejections == null ? List.of() : List.copyOf(rejections);
    }

    public boolean smevSignatureValid() {
        return smevSignatureProblem == null;
    }
}
