package ru.diarybridge.connector.smev.sign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.xml.security.c14n.CanonicalizationException;
import org.apache.xml.security.signature.XMLSignatureByteInput;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.transforms.TransformSpi;
import org.apache.xml.security.transforms.TransformationException;
import org.w3c.dom.Element;

/** {@link SmevTransform} registered with Santuario under {@value SmevTransform#URI}. */
public class SmevTransformSpi extends TransformSpi {

    @Override
    protected String engineGetURI() {
        return SmevTransform.URI;
    }

    @Override
    protected XMLSignatureInput enginePerformTransform(XMLSignatureInput input, OutputStream os, Element transform,
                                                       String baseURI, boolean secureValidation)
            throws IOException, CanonicalizationException, TransformationException {
        byte[] bytes;
        if (input.hasUnprocessedInput()) {
            try (InputStream in = input.getUnprocessedInput()) {
                bytes = in.readAllBytes();
            }
        } else {
            bytes = input.getBytes();
        }
        byte[] result;
        try {
            result = SmevTransform.transform(bytes);
        } catch (IllegalArgumentException e) {
            throw new TransformationException(e);
        }
        if (os != null) {
            os.write(result);
            XMLSignatureInput output = new XMLSignatureByteInput((byte[]) null);
            output.setOutputStream(os);
            return output;
        }
        return new XMLSignatureByteInput(result);
    }
}
