package ru.diarybridge.connector.smev.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xml.security.c14n.Canonicalizer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class GostXmlSignerTest {

    private static final String TYPES = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3";

    @TempDir
    Path dir;

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static Element request() throws Exception {
        return parse("<env xmlns:t='" + TYPES + "'><t:SenderProvidedRequestData Id='SIGNED_BY_CONSUMER'>"
                + "<t:MessageID>0f1e2d3c-0000-11ee-8000-000000000001</t:MessageID>"
                + "<b:MessagePrimaryContent xmlns:b='urn://basic'><d:DiaryRequest xmlns:d='urn://diary' d:x='1' a='2'>"
                + "  <d:Pupil>Иванов &amp; сын</d:Pupil>\n<d:Empty/></d:DiaryRequest></b:MessagePrimaryContent>"
                + "</t:SenderProvidedRequestData></env>").getDocumentElement().getFirstChild() instanceof Element e
                ? e : null;
    }

    private Path keystore(SigningKey key) throws Exception {
        Path file = dir.resolve("caller.p12");
        GostKeyTool.writePkcs12(key, file, "caller", "secret");
        return file;
    }

    @Test
    void signatureHasTheSmevLayoutAndVerifies() throws Exception {
        SigningKey key = GostKeyTool.selfSigned("caller");
        GostXmlSigner signer = new GostXmlSigner(new Pkcs12KeySource(keystore(key), "secret", null));
        Element target = request();
        Element signature = signer.sign(target);

        assertThat(signature.getElementsByTagNameNS(GostXmlDsig.DSIG_NS, "SignatureMethod").item(0)
                .getAttributes().getNamedItem("Algorithm").getNodeValue()).isEqualTo(GostXmlDsig.SIGNATURE_URN);
        assertThat(signature.getElementsByTagNameNS(GostXmlDsig.DSIG_NS, "Reference").item(0)
                .getAttributes().getNamedItem("URI").getNodeValue()).isEqualTo("#SIGNED_BY_CONSUMER");
        var transforms = signature.getElementsByTagNameNS(GostXmlDsig.DSIG_NS, "Transform");
        assertThat(transforms.getLength()).isEqualTo(2);
        assertThat(((Element) transforms.item(0)).getAttribute("Algorithm")).isEqualTo(GostXmlDsig.EXC_C14N);
        assertThat(((Element) transforms.item(1)).getAttribute("Algorithm")).isEqualTo(SmevTransform.URI);

        assertThat(new GostXmlSignatureVerifier().verify(target, signature)).isEqualTo(key.certificate());
    }

    /** An independent path: no Santuario verifier; digest and signature recomputed with plain BouncyCastle. */
    @Test
    void signatureVerifiesWithPlainBouncyCastle() throws Exception {
        SigningKey key = GostKeyTool.selfSigned("caller");
        Element target = request();
        Element signature = new GostXmlSigner(() -> key).sign(target);

        // the referenced element: exclusive c14n, then the SMEV transform, then GOST R 34.11-2012 (256)
        ByteArrayOutputStream c14n = new ByteArrayOutputStream();
        Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS).canonicalizeSubtree(target, c14n);
        byte[] transformed = SmevTransform.transform(c14n.toByteArray());
        assertThat(new String(transformed, StandardCharsets.UTF_8)).startsWith(
                "<ns1:SenderProvidedRequestData xmlns:ns1=\"" + TYPES + "\" Id=\"SIGNED_BY_CONSUMER\">");
        byte[] digest = MessageDigest.getInstance("GOST3411-2012-256", BouncyCastleProvider.PROVIDER_NAME)
                .digest(transformed);
        String digestValue = signature.getElementsByTagNameNS(GostXmlDsig.DSIG_NS, "DigestValue").item(0)
                .getTextContent().trim();
        assertThat(Base64.getMimeDecoder().decode(digestValue)).isEqualTo(digest);

        // SignedInfo: exclusive c14n, then a GOST R 34.10-2012 signature check with the certificate's public key
        Element signedInfo = (Element) signature.getElementsByTagNameNS(GostXmlDsig.DSIG_NS, "SignedInfo").item(0);
        ByteArrayOutputStream signedBytes = new ByteArrayOutputStream();
        Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS)
                .canonicalizeSubtree(signedInfo, signedBytes);
        byte[] value = Base64.getMimeDecoder().decode(signature.getElementsByTagNameNS(GostXmlDsig.DSIG_NS,
                "SignatureValue").item(0).getTextContent().trim());
        Signature gost = Signature.getInstance("GOST3411-2012-256withECGOST3410-2012-256",
                BouncyCastleProvider.PROVIDER_NAME);
        gost.initVerify(key.certificate().getPublicKey());
        gost.update(signedBytes.toByteArray());
        assertThat(gost.verify(value)).isTrue();

        gost.initVerify(GostKeyTool.selfSigned("other").certificate().getPublicKey());
        gost.update(signedBytes.toByteArray());
        assertThat(gost.verify(value)).isFalse();
    }

    @Test
    void prefixesAndWhitespaceDoNotMatterButContentDoes() throws Exception {
        SigningKey key = GostKeyTool.selfSigned("caller");
        Element target = request();
        Element signature = new GostXmlSigner(() -> key).sign(target);

        Element reprefixed = parse("<x:SenderProvidedRequestData xmlns:x='" + TYPES + "' Id='SIGNED_BY_CONSUMER'>\n"
                + "  <x:MessageID>0f1e2d3c-0000-11ee-8000-000000000001</x:MessageID>\n"
                + "  <q:MessagePrimaryContent xmlns:q='urn://basic'><z:DiaryRequest xmlns:z='urn://diary' a='2' z:x='1'>"
                + "<z:Pupil>Иванов &amp; сын</z:Pupil><z:Empty></z:Empty></z:DiaryRequest></q:MessagePrimaryContent>\n"
                + "</x:SenderProvidedRequestData>").getDocumentElement();
        assertThat(new GostXmlSignatureVerifier().verify(reprefixed, signature)).isEqualTo(key.certificate());

        Element tampered = (Element) target.cloneNode(true);
        tampered.getElementsByTagNameNS("urn://diary", "Pupil").item(0).setTextContent("Петров");
        assertThatThrownBy(() -> new GostXmlSignatureVerifier().verify(tampered, signature))
                .isInstanceOf(SignatureCheckException.class).hasMessageContaining("не соответствует содержимому");

        Element otherId = (Element) target.cloneNode(true);
        otherId.setAttribute("Id", "OTHER");
        assertThatThrownBy(() -> new GostXmlSignatureVerifier().verify(otherId, signature))
                .isInstanceOf(SignatureCheckException.class).hasMessageContaining("другому элементу");
    }

    @Test
    void keyStoreIsReloadedWhenTheFileChanges() throws Exception {
        SigningKey first = GostKeyTool.selfSigned("first");
        SigningKey second = GostKeyTool.selfSigned("second");
        Path file = keystore(first);
        Pkcs12KeySource source = new Pkcs12KeySource(file, "secret", null);
        GostXmlSigner signer = new GostXmlSigner(source);
        assertThat(signer.certificate()).isEqualTo(first.certificate());

        GostKeyTool.writePkcs12(second, file, "caller", "secret");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Element target = request();
        Element signature = signer.sign(target);
        assertThat(new GostXmlSignatureVerifier().verify(target, signature)).isEqualTo(second.certificate());

        Files.writeString(file, "broken");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(signer.certificate()).as("a broken file keeps the previous key").isEqualTo(second.certificate());
    }

    @Test
    void smevTransformNormalisesPrefixesAttributesAndEmptyElements() {
        String in = "<a:root xmlns:a='urn:a' xmlns:unused='urn:u' z='1' xmlns:b='urn:b' b:y='2' a:x='3'>"
                + "\n  <b:child/>\n  <a:t>x &lt; y</a:t></a:root>";
        assertThat(new String(SmevTransform.transform(in.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("<ns1:root xmlns:ns1=\"urn:a\" xmlns:ns2=\"urn:b\" ns1:x=\"3\" ns2:y=\"2\" z=\"1\">"
                        + "<ns2:child></ns2:child><ns1:t>x &lt; y</ns1:t></ns1:root>");
        assertThatThrownBy(() -> SmevTransform.transform("<root/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a namespace");
    }
}
