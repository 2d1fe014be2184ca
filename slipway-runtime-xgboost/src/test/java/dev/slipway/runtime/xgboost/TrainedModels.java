package dev.slipway.runtime.xgboost;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Small models trained by XGBoost4J for one objective each: 400 rows of 4 standard-normal features
 * with one value in ten missing, labels made from score = x0 + x1 * x2 - x3 in the form the
 * objective takes. Seeded and single-threaded, so every run trains the same trees.
 */
final class TrainedModels {
    static final int FEATURES = 4;
    private static final int ROWS = 400;

    private TrainedModels() {}

    static Booster train(String objective) throws XGBoostError {
        SplittableRandom random = new SplittableRandom(objective.hashCode());
        float[] features = new float[ROWS * FEATURES];
        float[] labels = new float[ROWS];
        for (int row = 0; row < ROWS; row++) {
            float[] x = new float[FEATURES];
            for (int feature = 0; feature < FEATURES; feature++) {
                x[feature] = (float) random.nextGaussian();
                features[row * FEATURES + feature] =
                        random.nextInt(10) == 0 ? Float.NaN : x[feature];
            }
            labels[row] = label(objective, x[0] + x[1] * x[2] - x[3]);
        }
        DMatrix train = new DMatrix(features, ROWS, FEATURES, Float.NaN);
        try {
            train.setLabel(labels);
            Map<String, Object> params = new HashMap<>();
            params.put("objective", objective);
            params.put("max_depth", 3);
            params.put("eta", 0.3);
            params.put("nthread", 1);
            params.put("seed", 0);
            if (objective.startsWith("multi:")) {
                params.put("num_class", 3);
            }
            return XGBoost.train(train, params, 8, Map.of(), null, null);
        } finally {
            train.dispose();
        }
    }

    private static float label(String objective, float score) {
        return switch (objective) {
            case "reg:squaredlogerror", "reg:gamma" -> (float) Math.exp(score / 2);
            case "count:poisson", "reg:tweedie" -> (float) Math.floor(Math.exp(score / 2));
            case "binary:logistic", "binary:logitraw" -> score > 0 ? 1 : 0;
            case "reg:logistic" -> (float) (1 / (1 + Math.exp(-score)));
            case "multi:softprob", "multi:softmax" -> score < -0.5f ? 0 : score < 0.5f ? 1 : 2;
            default -> score;
        };
    }
}
