package ru.diarybridge.app.myschool;

import org.springframework.http.HttpStatus;
import ru.diarybridge.connector.myschool.OperationOutcome;

/** A refusal the endpoint answers with an OperationOutcome: its HTTP status, issue code and Russian text. */
public class MySchoolException extends RuntimeException {

    private final HttpStatus status;
    private final OperationOutcome.Code code;

    public MySchoolException(HttpStatus status, OperationOutcome.Code code, String text) {
        super(text);
        this.status = status;
        this.code = code;
    }

    public static MySchoolException notFound(String text) {
        return new MySchoolException(HttpStatus.NOT_FOUND, OperationOutcome.Code.NOT_FOUND, text);
    }

    public HttpStatus status() {
        return status;
    }

    public OperationOutcome outcome() {
        return OperationOutcome.error(code, getMessage());
    }
}
