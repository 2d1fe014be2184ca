package dev.slipway.core.node;

import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merges requests along the batch dimension (the first) into one runtime call and splits the result
 * back. Tensors are row-major, so a request's rows are one contiguous run of elements. Stateless.
 */
final class Batches {
    private Batches() {}

    /** Whether a model's requests can be merged: every input and output has a batch dimension. */
    static boolean canBatch(Signature signature) {
        return signature.inputs().stream().allMatch(TensorSpec::hasBatchDimension)
                && signature.outputs().stream().allMatch(TensorSpec::hasBatchDimension);
    }

    /** The rows of a request: the first dimension all its inputs share, or -1 when they differ. */
    static int rows(PredictRequest request) {
        long rows = -1;
        for (Tensor input : request.inputs()) {
            long[] shape = input.shape();
            if (shape.length == 0 || (rows >= 0 && shape[0] != rows)) {
                return -1;
            }
            rows = shape[0];
        }
        return rows > Integer.MAX_VALUE ? -1 : (int) rows;
    }

    /**
     * Whether {@code other} can join a batch started by {@code first}: the same inputs in the same
     * order with the same datatypes and row shapes, the same outputs asked for and the same
     * parameters (which may change what the model computes).
     */
    static boolean compatible(PredictRequest first, PredictRequest other) {
        if (first.inputs().size() != other.inputs().size()
                || !first.requestedOutputs().equals(other.requestedOutputs())
                || !first.parameters().equals(other.parameters())) {
            return false;
        }
        for (int i = 0; i < first.inputs().size(); i++) {
            Tensor a = first.inputs().get(i);
            Tensor b = other.inputs().get(i);
            long[] shapeA = a.shape();
            long[] shapeB = b.shape();
            if (!a.name().equals(b.name())
                    || a.datatype() != b.datatype()
                    || shapeA.length != shapeB.length
                    || !Arrays.equals(shapeA, 1, shapeA.length, shapeB, 1, shapeB.length)) {
                return false;
            }
        }
        return true;
    }

    /** One request holding every request's rows in order; the requests must be compatible. */
    static PredictRequest merge(List<PredictRequest> requests) {
        PredictRequest first = requests.get(0);
        List<Tensor> inputs = new ArrayList<>(first.inputs().size());
        for (int i = 0; i < first.inputs().size(); i++) {
            List<Tensor> parts = new ArrayList<>(requests.size());
            for (PredictRequest request : requests) {
                parts.add(request.inputs().get(i));
            }
            inputs.add(concat(parts));
        }
        return new PredictRequest(inputs, first.requestedOutputs(), first.parameters());
    }

    /**
     * Each request's share of a merged result, or null when an output does not have the merged row
     * count as its first dimension (it cannot be split by rows).
     */
    static List<PredictResult> split(PredictResult merged, int[] rows) {
        int total = Arrays.stream(rows).sum();
        for (Tensor output : merged.outputs()) {
            long[] shape = output.shape();
            if (shape.length == 0 || shape[0] != total) {
                return null;
            }
        }
        List<PredictResult> results = new ArrayList<>(rows.length);
        int offset = 0;
        for (int count : rows) {
            List<Tensor> outputs = new ArrayList<>(merged.outputs().size());
            for (Tensor output : merged.outputs()) {
                outputs.add(slice(output, offset, count, total));
            }
            results.add(new PredictResult(outputs));
            offset += count;
        }
        return results;
    }

    private static Tensor concat(List<Tensor> parts) {
        Tensor first = parts.get(0);
        long rows = 0;
        int elements = 0;
        for (Tensor part : parts) {
            rows += part.shape()[0];
            elements += part.elementCount();
        }
        Object data = Array.newInstance(first.datatype().storage().getComponentType(), elements);
        int position = 0;
        for (Tensor part : parts) {
            System.arraycopy(part.data(), 0, data, position, part.elementCount());
            position += part.elementCount();
        }
        long[] shape = first.shape().clone();
        shape[0] = rows;
        return Tensor.of(first.name(), first.datatype(), shape, data);
    }

    private static Tensor slice(Tensor tensor, int fromRow, int rowCount, int totalRows) {
        int rowElements = tensor.elementCount() / Math.max(totalRows, 1);
        Object data =
                Array.newInstance(
                        tensor.datatype().storage().getComponentType(), rowCount * rowElements);
        System.arraycopy(tensor.data(), fromRow * rowElements, data, 0, rowCount * rowElements);
        long[] shape = tensor.shape().clone();
        shape[0] = rowCount;
        return Tensor.of(tensor.name(), tensor.datatype(), shape, data);
    }
}
