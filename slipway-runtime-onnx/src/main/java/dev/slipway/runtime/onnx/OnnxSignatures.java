package dev.slipway.runtime.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.slipway.spi.DataType;
import dev.slipway.spi.ModelLoadException;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Signature;
import dev.slipway.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Slipway {@link Signature} from an ONNX session and checks a declared one against it.
 *
 * <p>Thread-safe: stateless.
 */
final class OnnxSignatures {
    private OnnxSignatures() {}

    /**
     * The session's inputs and outputs in graph order; symbolic and unknown dimensions become -1.
     */
    static Signature read(OrtSession session) throws OrtException, ModelLoadException {
        List<TensorSpec> inputs = specs("input", session.getInputInfo());
        List<TensorSpec> outputs = specs("output", session.getOutputInfo());
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new ModelLoadException(
                    "the ONNX model has "
                            + inputs.size()
                            + " inputs and "
                            + outputs.size()
                            + " outputs; Slipway serves models with at least one of each");
        }
        return new Signature(inputs, outputs);
    }

    /**
     * The ONNX element type as a Slipway datatype; empty for types a signature cannot describe
     * (bfloat16, complex and 8-bit floats).
     */
    static Optional<DataType> dataType(TensorInfo.OnnxTensorType onnxType) {
        return Optional.ofNullable(
                switch (onnxType) {
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FP16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
                    default -> null;
                });
    }

    /**
     * Requires a declared signature to describe the artifact: the same input and output names, and
     * for each the same datatype and rank, with equal sizes wherever both fix a dimension.
     *
     * @throws ModelLoadException listing every difference
     */
    static void requireAgreement(Signature declared, Signature artifact) throws ModelLoadException {
        List<String> differences = new ArrayList<>();
        compare("input", declared.inputs(), artifact.inputs(), differences);
        compare("output", declared.outputs(), artifact.outputs(), differences);
        if (!differences.isEmpty()) {
            throw new ModelLoadException(
                    "the declared signature does not match the ONNX model: "
                            + String.join("; ", differences));
        }
    }

    private static List<TensorSpec> specs(String kind, Map<String, NodeInfo> nodes)
            throws ModelLoadException {
        List<TensorSpec> specs = new ArrayList<>(nodes.size());
        for (NodeInfo node : nodes.values()) {
            specs.add(spec(kind, node));
        }
        return specs;
    }

    private static TensorSpec spec(String kind, NodeInfo node) throws ModelLoadException {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException(
                    "ONNX "
                            + kind
                            + " '"
                            + node.getName()
                            + "' is a "
                            + describe(node.getInfo())
                            + ", not a tensor; Slipway serves ONNX models whose inputs and outputs"
                            + " are all tensors");
        }
        DataType datatype =
                dataType(info.onnxType)
                        .orElseThrow(
                                () ->
                                        new ModelLoadException(
                                                "ONNX "
                                                        + kind
                                                        + " '"
                                                        + node.getName()
                                                        + "' has element type "
                                                        + info.onnxType
                                                        + ", which has no Open Inference Protocol"
                                                        + " datatype"));
        long[] shape = info.getShape();
        for (int i = 0; i < shape.length; i++) {
            // ONNX Runtime reports symbolic ("batch") and unknown dimensions as -1 already; some
            // exporters write other negative values.
            if (shape[i] < 0) {
                shape[i] = -1;
            }
        }
        return new TensorSpec(node.getName(), datatype, shape);
    }

    private static String describe(ValueInfo info) {
        return switch (info) {
            case MapInfo map -> "map (" + map + ")";
            case SequenceInfo sequence -> "sequence (" + sequence + ")";
            default -> info.getClass().getSimpleName();
        };
    }

    private static void compare(
            String kind,
            List<TensorSpec> declaredSpecs,
            List<TensorSpec> artifactSpecs,
            List<String> differences) {
        for (TensorSpec declared : declaredSpecs) {
            Optional<TensorSpec> artifact = find(artifactSpecs, declared.name());
            if (artifact.isEmpty()) {
                differences.add(
                        kind
                                + " '"
                                + declared.name()
                                + "' is declared but the model has no such "
                                + kind
                                + " (it has "
                                + names(artifactSpecs)
                                + ")");
            } else {
                compareSpec(kind, declared, artifact.get(), differences);
            }
        }
        for (TensorSpec artifact : artifactSpecs) {
            if (find(declaredSpecs, artifact.name()).isEmpty()) {
                differences.add(
                        "the model's "
                                + kind
                                + " '"
                                + artifact.name()
                                + "' ("
                                + artifact.datatype()
                                + " "
                                + Shapes.format(artifact.shape())
                                + ") is not declared");
            }
        }
    }

    private static void compareSpec(
            String kind, TensorSpec declared, TensorSpec artifact, List<String> differences) {
        String subject = kind + " '" + declared.name() + "'";
        if (declared.datatype() != artifact.datatype()) {
            differences.add(
                    subject
                            + " is declared "
                            + declared.datatype()
                            + " but the model has "
                            + artifact.datatype());
        }
        long[] declaredShape = declared.shape();
        long[] artifactShape = artifact.shape();
        if (declaredShape.length != artifactShape.length) {
            differences.add(
                    subject
                            + " is declared with shape "
                            + Shapes.format(declaredShape)
                            + " (rank "
                            + declaredShape.length
                            + ") but the model has "
                            + Shapes.format(artifactShape)
                            + " (rank "
                            + artifactShape.length
                            + ")");
            return;
        }
        for (int i = 0; i < declaredShape.length; i++) {
            if (declaredShape[i] >= 0
                    && artifactShape[i] >= 0
                    && declaredShape[i] != artifactShape[i]) {
                differences.add(
                        subject
                                + " is declared with shape "
                                + Shapes.format(declaredShape)
                                + " but the model has "
                                + Shapes.format(artifactShape)
                                + " (dimension "
                                + i
                                + ": "
                                + declaredShape[i]
                                + " vs "
                                + artifactShape[i]
                                + ")");
                return;
            }
        }
    }

    private static Optional<TensorSpec> find(List<TensorSpec> specs, String name) {
        return specs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList();
    }
}
