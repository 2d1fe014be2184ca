package dev.slipway.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which packages one module's main code may name. A rule is a default verdict plus verdicts for
 * package prefixes; the longest prefix that matches a name decides, so {@code allow java} with
 * {@code deny java.sql} reads as "the JDK, except JDBC". Immutable.
 *
 * @param module the module's directory, e.g. {@code slipway-core}
 * @param ownPackage every source file of the module must live in this package or below it
 * @param allowedByDefault the verdict for a name no prefix matches
 * @param verdicts package prefix to whether names under it are allowed
 */
record ModuleRule(
        String module, String ownPackage, boolean allowedByDefault, Map<String, Boolean> verdicts) {

    ModuleRule {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(ownPackage, "ownPackage");
        verdicts = Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
    }

    /** Names outside the allowed prefixes are violations. */
    static ModuleRule denyByDefault(String module, String ownPackage) {
        return new ModuleRule(module, ownPackage, false, Map.of()).allow(ownPackage);
    }

    /** Only names under the denied prefixes are violations. */
    static ModuleRule allowByDefault(String module, String ownPackage) {
        return new ModuleRule(module, ownPackage, true, Map.of()).allow(ownPackage);
    }

    ModuleRule allow(String... packages) {
        return with(true, packages);
    }

    ModuleRule deny(String... packages) {
        return with(false, packages);
    }

    private ModuleRule with(boolean verdict, String... packages) {
        Map<String, Boolean> next = new LinkedHashMap<>(verdicts);
        for (String name : packages) {
            next.put(name, verdict);
        }
        return new ModuleRule(module, ownPackage, allowedByDefault, next);
    }

    /** Whether the module may name {@code name} (a package, type or static member). */
    boolean permits(String name) {
        String best = null;
        for (String prefix : verdicts.keySet()) {
            if (isUnder(name, prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? allowedByDefault : verdicts.get(best);
    }

    /** Every reference in {@code file} that breaks the rule, one message each. */
    List<String> violations(JavaSourceFile file) {
        List<String> found = new ArrayList<>();
        if (!isUnder(file.packageName(), ownPackage)) {
            found.add(
                    file.path()
                            + " declares package '"
                            + file.packageName()
                            + "', outside "
                            + module
                            + "'s own package "
                            + ownPackage
                            + " (a class in another module's package would dodge these rules)");
        }
        for (JavaSourceFile.Reference reference : file.imports()) {
            if (!permits(reference.name())) {
                found.add(message(file, reference, "imports"));
            }
        }
        for (JavaSourceFile.Reference reference : file.qualifiedNames()) {
            if (!permits(reference.name())) {
                found.add(message(file, reference, "names"));
            }
        }
        return found;
    }

    private String message(JavaSourceFile file, JavaSourceFile.Reference reference, String verb) {
        return file.path()
                + ":"
                + reference.line()
                + " "
                + verb
                + " "
                + reference.name()
                + ", which "
                + module
                + " must not use ("
                + describe()
                + ")";
    }

    /** The rule in words, e.g. {@code only java, dev.slipway.spi; never java.sql}. */
    String describe() {
        List<String> allowed = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        verdicts.forEach((prefix, verdict) -> (verdict ? allowed : denied).add(prefix));
        String text =
                allowedByDefault
                        ? "anything but " + String.join(", ", denied)
                        : "only " + String.join(", ", allowed);
        if (allowedByDefault && !allowed.isEmpty()) {
            text += ", though " + String.join(", ", allowed) + " are fine";
        } else if (!allowedByDefault && !denied.isEmpty()) {
            text += "; never " + String.join(", ", denied);
        }
        return text;
    }

    /** Whether {@code name} is {@code prefix} itself or lies below it (by whole segments). */
    static boolean isUnder(String name, String prefix) {
        return name.equals(prefix) || name.startsWith(prefix + ".");
    }
}
