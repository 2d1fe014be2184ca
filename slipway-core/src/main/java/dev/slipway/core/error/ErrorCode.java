package dev.slipway.core.error;

/** Every failure Slipway reports, with the category that decides its HTTP status. */
public enum ErrorCode {
    INVALID_INPUT(Category.BAD_REQUEST),
    INVALID_ARGUMENT(Category.BAD_REQUEST),
    INVALID_ARTIFACT(Category.BAD_REQUEST),
    UNKNOWN_FORMAT(Category.BAD_REQUEST),
    PAYLOAD_TOO_LARGE(Category.PAYLOAD_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(Category.UNSUPPORTED_MEDIA_TYPE),
    UNAUTHENTICATED(Category.UNAUTHENTICATED),
    MODEL_NOT_FOUND(Category.NOT_FOUND),
    VERSION_NOT_FOUND(Category.NOT_FOUND),
    ALIAS_NOT_FOUND(Category.NOT_FOUND),
    ARTIFACT_NOT_FOUND(Category.NOT_FOUND),
    ENDPOINT_NOT_FOUND(Category.NOT_FOUND),
    ROLLOUT_NOT_FOUND(Category.NOT_FOUND),
    JOB_NOT_FOUND(Category.NOT_FOUND),
    NOT_FOUND(Category.NOT_FOUND),
    ENDPOINT_EXISTS(Category.CONFLICT),
    CONCURRENT_UPDATE(Category.CONFLICT),
    ROLLOUT_ACTIVE(Category.CONFLICT),
    ROLLOUT_ENDED(Category.CONFLICT),
    JOB_EXISTS(Category.CONFLICT),
    JOB_ENDED(Category.CONFLICT),
    VALIDATION_FAILED(Category.UNPROCESSABLE),
    INSUFFICIENT_CAPACITY(Category.UNPROCESSABLE),
    ENDPOINT_NOT_READY(Category.UNAVAILABLE),
    QUEUE_FULL(Category.TOO_MANY_REQUESTS),
    TIMEOUT(Category.TIMEOUT),
    RUNTIME_FAILURE(Category.INTERNAL),
    INTERNAL(Category.INTERNAL);

    /** Kinds of failure; the HTTP layer maps each to one status. */
    public enum Category {
        BAD_REQUEST,
        UNAUTHENTICATED,
        NOT_FOUND,
        CONFLICT,
        PAYLOAD_TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        UNPROCESSABLE,
        TOO_MANY_REQUESTS,
        UNAVAILABLE,
        TIMEOUT,
        INTERNAL
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
