package dev.slipway.core.job;

import dev.slipway.core.error.ErrorCode;
import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.inference.RowTensors;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs one shard attempt: reads its rows, predicts them {@code miniBatch} at a time and writes each
 * row's prediction or error, in row order. A mini-batch that fails is predicted again row by row,
 * so one bad row only fails itself. A busy endpoint (full queue, not ready) is waited for with
 * backoff; when it stays busy, or when the endpoint is gone, the shard fails as a whole. Not
 * thread-safe; one per worker.
 */
final class ShardRunner {
    /** How long a busy endpoint is waited for before the job gives up. */
    static final Duration BUSY_WAIT = Duration.ofMinutes(2);

    private final JobPredictor predictor;
    private final Signature signature;
    private final int columns;
    private final int miniBatch;
    private final BooleanSupplier stopped;
    private final JobProgress progress;
    private final Duration busyWait;

    ShardRunner(
            JobPredictor predictor,
            Signature signature,
            int miniBatch,
            BooleanSupplier stopped,
            JobProgress progress,
            Duration busyWait) {
        this.predictor = predictor;
        this.signature = signature;
        this.columns = RowTensors.columns(signature);
        this.miniBatch = miniBatch;
        this.stopped = stopped;
        this.progress = progress;
        this.busyWait = busyWait;
    }

    private long rowsHandled;

    /** How an attempt ended. */
    record Result(boolean stopped, long rowsFailed) {}

    /** Rows this attempt has predicted or failed so far. */
    long rowsHandled() {
        return rowsHandled;
    }

    /**
     * @return the rows failed, or a stopped result when the job was stopped between two batches
     *     (then nothing is committed)
     * @throws SlipwayException when the target cannot be used any more (gone, busy for too long)
     */
    Result run(RowReader reader, ShardOutput output) throws IOException {
        List<Row> batch = new ArrayList<>();
        int values = 0;
        long failed = 0;
        for (Row row = reader.next(); row != null; row = reader.next()) {
            batch.add(row);
            if (row instanceof Row.Values) {
                values++;
            }
            if (values == miniBatch) {
                if (stopped.getAsBoolean()) {
                    return new Result(true, failed);
                }
                failed += flush(batch, output);
                advance(batch.size());
                batch.clear();
                values = 0;
            }
        }
        if (stopped.getAsBoolean()) {
            return new Result(true, failed);
        }
        failed += flush(batch, output);
        advance(batch.size());
        output.commit();
        return new Result(false, failed);
    }

    private void advance(int rows) {
        rowsHandled += rows;
        progress.advance(rows);
    }

    /** Writes the batch's predictions and errors; answers how many rows failed. */
    private long flush(List<Row> batch, ShardOutput output) throws IOException {
        List<Row.Values> good = new ArrayList<>(batch.size());
        for (Row row : batch) {
            if (row instanceof Row.Values values) {
                good.add(values);
            }
        }
        PredictResult result = null;
        if (!good.isEmpty()) {
            try {
                result = predict(good);
            } catch (SlipwayException batchFailed) {
                if (!rowProblem(batchFailed.code())) {
                    throw batchFailed;
                }
                return rowByRow(batch, output, good.size() == 1 ? batchFailed : null);
            }
        }
        long failed = 0;
        for (Row row : batch) {
            if (row instanceof Row.Malformed malformed) {
                output.fail(malformed, malformed.reason());
                failed++;
            }
        }
        if (result != null) {
            output.write(good, result);
        }
        return failed;
    }

    /**
     * Predicts each row alone, writing in row order.
     *
     * @param knownFailure the failure of the batch when it held a single row, so it is not sent
     *     again
     */
    private long rowByRow(List<Row> batch, ShardOutput output, SlipwayException knownFailure)
            throws IOException {
        long failed = 0;
        for (Row row : batch) {
            switch (row) {
                case Row.Malformed malformed -> {
                    output.fail(malformed, malformed.reason());
                    failed++;
                }
                case Row.Values values -> {
                    try {
                        if (knownFailure != null) {
                            throw knownFailure;
                        }
                        output.write(List.of(values), predict(List.of(values)));
                    } catch (SlipwayException rowFailed) {
                        if (!rowProblem(rowFailed.code())) {
                            throw rowFailed;
                        }
                        output.fail(values, rowFailed.getMessage());
                        failed++;
                    }
                }
            }
        }
        return failed;
    }

    private PredictResult predict(List<Row.Values> rows) {
        double[] values = new double[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r).values(), 0, values, r * columns, columns);
        }
        List<Tensor> inputs = RowTensors.toTensors(signature, values, rows.size());
        PredictRequest request = PredictRequest.of(inputs.toArray(Tensor[]::new));
        long waitedMillis = 0;
        long backoffMillis = 50;
        while (true) {
            try {
                return predictor.predict(request);
            } catch (SlipwayException busy) {
                if (!targetBusy(busy.code())
                        || waitedMillis >= busyWait.toMillis()
                        || stopped.getAsBoolean()) {
                    throw busy;
                }
            }
            sleep(backoffMillis);
            waitedMillis += backoffMillis;
            backoffMillis = Math.min(backoffMillis * 2, 2_000);
        }
    }

    /** Failures that belong to the rows sent: predicting them one by one isolates the bad ones. */
    static boolean rowProblem(ErrorCode code) {
        return code == ErrorCode.INVALID_INPUT
                || code == ErrorCode.RUNTIME_FAILURE
                || code == ErrorCode.TIMEOUT;
    }

    /** Failures of a busy endpoint: the same rows may be sent again a little later. */
    static boolean targetBusy(ErrorCode code) {
        return code == ErrorCode.QUEUE_FULL || code == ErrorCode.ENDPOINT_NOT_READY;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlipwayException(
                    ErrorCode.INTERNAL, "interrupted while the endpoint was busy");
        }
    }
}
