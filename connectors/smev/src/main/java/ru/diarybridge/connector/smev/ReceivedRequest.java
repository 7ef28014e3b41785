package ru.diarybridge.connector.smev;

import java.time.Instant;
import org.w3c.dom.Element;

/**
 * A request taken from the SMEV queue by GetRequest. {@code smevSignatureProblem} is null when SMEVSignature was
 * present, valid and made by the trusted SMEV certificate; otherwise it says why (Russian) and the message must be
 * acknowledged with accepted=false.
 *
 * @param messageId the request's own MessageID: the Ack target and the key the message is stored under
 * @param replyTo   opaque; copied verbatim into the answer's To
 * @param content   the element under MessagePrimaryContent
 */
public record ReceivedRequest(String messageId, String referenceMessageId, String replyTo, String senderMnemonic,
                              Instant sendingTimestamp, boolean testMessage, Element content, String contentXml,
                              String smevSignatureProblem) {
    public boolean smevSignatureValid() {
        return smevSignatureProblem == null;
    }
}
