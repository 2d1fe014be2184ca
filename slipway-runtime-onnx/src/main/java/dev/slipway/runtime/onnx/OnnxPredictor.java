package dev.slipway.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.slipway.spi.PredictRequest;
import dev.slipway.spi.PredictResult;
import dev.slipway.spi.PredictionException;
import dev.slipway.spi.Predictor;
import dev.slipway.spi.Shapes;
import dev.slipway.spi.Signature;
import dev.slipway.spi.Tensor;
import dev.slipway.spi.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One loaded copy of an ONNX model: an {@link OrtSession} and the signature read from it.
 *
 * <p>Thread-safe: {@link OrtSession#run} may be called concurrently, and every call creates and
 * closes its own tensors. {@link #close} must not overlap a predict call (the SPI guarantees it).
 */
final class OnnxPredictor implements Predictor {
    private static final System.Logger LOG = System.getLogger(OnnxPredictor.class.getName());

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Signature signature;
    private final PinnedOutputs pinnable;

    /**
     * Cleared when ONNX Runtime refuses this model's pinned outputs; then every run is unpinned.
     */
    private volatile boolean pinning;

    OnnxPredictor(OrtEnvironment environment, OrtSession session, Signature signature) {
        this.environment = environment;
        this.session = session;
        this.signature = signature;
        this.pinnable = PinnedOutputs.of(signature);
        this.pinning = pinnable.any();
    }

    /** Whether runs write outputs into Slipway's buffers (see {@link PinnedOutputs}). */
    boolean pinsOutputs() {
        return pinning;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public PredictResult predict(PredictRequest request) {
        Set<String> outputNames = outputsToRun(request);
        requireKnownInputs(request);
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        ScratchBuffers buffers = ScratchBuffers.reset();
        PinnedOutputs.Pins pins = PinnedOutputs.Pins.NONE;
        try {
            for (TensorSpec spec : signature.inputs()) {
                inputs.put(
                        spec.name(),
                        OnnxTensors.toOnnx(environment, input(request, spec), buffers));
            }
            if (pinning) {
                pins = pinnable.pin(environment, buffers, outputNames, request);
            }
            try {
                return run(inputs, outputNames, pins);
            } catch (OrtException refused) {
                if (pins.isEmpty()) {
                    throw refused;
                }
                // Probably the pinned shapes (the first dimension was not the batch): run again
                // unpinned, and stop pinning if that works.
                PredictResult result = run(inputs, outputNames, PinnedOutputs.Pins.NONE);
                pinning = false;
                LOG.log(
                        System.Logger.Level.INFO,
                        "ONNX Runtime refused pinned outputs ({0}); this model now runs unpinned",
                        refused.getMessage());
                return result;
            }
        } catch (OrtException e) {
            throw PredictionException.failure("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            // Each tensor holds a native OrtValue until closed; the Result closes the outputs it
            // owns, which are not the pinned ones.
            pins.close();
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private PredictResult run(
            Map<String, OnnxTensor> inputs, Set<String> outputNames, PinnedOutputs.Pins pins)
            throws OrtException {
        try (OrtSession.Result result =
                session.run(inputs, pins.unpinned(outputNames), pins.tensors())) {
            List<Tensor> outputs = new ArrayList<>(outputNames.size());
            for (String name : outputNames) {
                outputs.add(pins.has(name) ? pins.read(name) : output(result, name));
            }
            return new PredictResult(outputs);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close the ONNX Runtime session", e);
        }
    }

    /** The requested outputs in signature order; ONNX Runtime computes only what they need. */
    private Set<String> outputsToRun(PredictRequest request) {
        for (String name : request.requestedOutputs()) {
            if (signature.output(name).isEmpty()) {
                throw PredictionException.invalidInput(
                        "unknown output '" + name + "' (the model has " + outputNames() + ")");
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (TensorSpec spec : signature.outputs()) {
            if (request.wants(spec.name())) {
                names.add(spec.name());
            }
        }
        return names;
    }

    private void requireKnownInputs(PredictRequest request) {
        for (Tensor tensor : request.inputs()) {
            if (signature.input(tensor.name()).isEmpty()) {
                throw PredictionException.invalidInput(
                        "unknown input '"
                                + tensor.name()
                                + "' (the model has "
                                + signature.inputs().stream().map(TensorSpec::name).toList()
                                + ")");
            }
        }
    }

    private static Tensor input(PredictRequest request, TensorSpec spec) {
        Tensor tensor =
                request.input(spec.name())
                        .orElseThrow(
                                () ->
                                        PredictionException.invalidInput(
                                                "missing input '" + spec.name() + "'"));
        if (tensor.datatype() != spec.datatype()) {
            throw PredictionException.invalidInput(
                    "input '"
                            + spec.name()
                            + "' must be "
                            + spec.datatype()
                            + ", got "
                            + tensor.datatype());
        }
        if (!spec.accepts(tensor.shape())) {
            throw PredictionException.invalidInput(
                    "input '"
                            + spec.name()
                            + "' has shape "
                            + Shapes.format(tensor.shape())
                            + ", the model accepts "
                            + Shapes.format(spec.shape()));
        }
        return tensor;
    }

    private Tensor output(OrtSession.Result result, String name) throws OrtException {
        OnnxValue value =
                result.get(name)
                        .orElseThrow(
                                () ->
                                        PredictionException.failure(
                                                "ONNX Runtime returned no output '" + name + "'",
                                                null));
        TensorSpec spec = signature.output(name).orElseThrow();
        return OnnxTensors.fromOnnx(name, spec.datatype(), (OnnxTensor) value);
    }

    private List<String> outputNames() {
        return signature.outputs().stream().map(TensorSpec::name).toList();
    }
}
