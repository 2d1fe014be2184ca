package dev.slipway.runtime.xgboost;

import java.util.List;

/**
 * What an XGBoost model's JSON says about its trees, as XGBoost4J 3.4.0 writes it with {@code
 * Booster.toByteArray("json")}: read by {@link TreeModelReader}, not yet checked. {@link
 * TreeEnsemble#compile} decides whether it can be served.
 *
 * <p>Field names follow the JSON (src/learner.cc, src/gbm/gbtree_model.cc and
 * src/tree/tree_model.cc of XGBoost 3.x); a field the document lacks is null (strings) or empty
 * (lists).
 *
 * @param booster {@code gradient_booster.name}: gbtree, gblinear, or dart in 1.x documents
 * @param weightDrop whether the booster carries dart's {@code weight_drop} (3.x saves a dart
 *     booster under the name gbtree, with the weights beside its trees)
 * @param objective {@code objective.name}
 * @param baseScore {@code learner_model_param.base_score}: "[5E-1]" in 3.x, "5E-1" before
 * @param numClass {@code learner_model_param.num_class}
 * @param numFeature {@code learner_model_param.num_feature}
 * @param numTarget {@code learner_model_param.num_target} (absent before 2.0: one target)
 * @param featureTypes {@code feature_types}: "q", "int", "c" (categorical), ...
 * @param categoryEncoding whether {@code cats.enc} names any categories (3.x)
 * @param treeInfo the output group of each tree
 * @param trees the trees, in boosting order
 */
record TreeModelDocument(
        String booster,
        boolean weightDrop,
        String objective,
        String baseScore,
        String numClass,
        String numFeature,
        String numTarget,
        List<String> featureTypes,
        boolean categoryEncoding,
        int[] treeInfo,
        List<Tree> trees) {

    /**
     * One tree's node arrays. A leaf has left child -1; its value is its split condition.
     *
     * @param numNodes {@code tree_param.num_nodes}
     * @param sizeLeafVector {@code tree_param.size_leaf_vector}: above 1 for a multi-target tree
     * @param categories whether {@code categories} lists any category of a categorical split
     */
    record Tree(
            String numNodes,
            String sizeLeafVector,
            int[] leftChildren,
            int[] rightChildren,
            int[] splitIndices,
            float[] splitConditions,
            int[] defaultLeft,
            int[] splitType,
            boolean categories) {}
}
