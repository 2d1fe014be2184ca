package dev.slipway.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code .java} file names from other packages, read from its text: its package, its
 * imports, fully qualified type names written in code (which an import check alone would miss) and
 * the string literals (where a class name would hide from both). Comments are ignored, so a {@code
 * {@link}} to a forbidden class is not a dependency.
 *
 * @param path the file, relative to the project root, for messages
 * @param packageName the declared package, or empty for the default package
 */
record JavaSourceFile(
        String path,
        String packageName,
        List<Reference> imports,
        List<Reference> qualifiedNames,
        List<Reference> strings) {

    /** A name (or a string literal's content) and the line it is on. */
    record Reference(String name, int line) {}

    /**
     * First segments of the package names that are worth checking in code. Restricting to these
     * keeps a chain like {@code request.body.Size} from passing for a package.
     */
    private static final Set<String> PACKAGE_ROOTS =
            Set.of(
                    "ai",
                    "ch",
                    "com",
                    "dev",
                    "info",
                    "io",
                    "jakarta",
                    "java",
                    "javax",
                    "jdk",
                    "ml",
                    "net",
                    "org",
                    "picocli",
                    "software",
                    "sun");

    private static final Pattern PACKAGE =
            Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile(
                    "^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\s*\\.\\s*\\*)?)\\s*;",
                    Pattern.MULTILINE);

    /** Lower-case segments ending in a capitalised one: {@code java.util.List}, not mid-chain. */
    private static final Pattern QUALIFIED =
            Pattern.compile("(?<![\\w.])((?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*)");

    JavaSourceFile {
        imports = List.copyOf(imports);
        qualifiedNames = List.copyOf(qualifiedNames);
        strings = List.copyOf(strings);
    }

    static JavaSourceFile read(Path projectRoot, Path file) {
        try {
            return parse(
                    projectRoot.relativize(file).toString().replace('\\', '/'),
                    Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    static JavaSourceFile parse(String path, String text) {
        List<Reference> strings = new ArrayList<>();
        String code = stripCommentsAndLiterals(text, strings);

        Matcher packageMatcher = PACKAGE.matcher(code);
        String packageName = packageMatcher.find() ? packageMatcher.group(1) : "";

        List<Reference> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder(code);
        Matcher importMatcher = IMPORT.matcher(code);
        while (importMatcher.find()) {
            imports.add(
                    new Reference(
                            importMatcher.group(1).replaceAll("\\s", ""),
                            lineOf(code, importMatcher.start(1))));
            blank(body, importMatcher.start(), importMatcher.end());
        }
        if (packageMatcher.find(0)) {
            blank(body, packageMatcher.start(), packageMatcher.end());
        }

        List<Reference> qualifiedNames = new ArrayList<>();
        Matcher qualified = QUALIFIED.matcher(body);
        while (qualified.find()) {
            String name = qualified.group(1);
            if (PACKAGE_ROOTS.contains(name.substring(0, name.indexOf('.')))) {
                qualifiedNames.add(new Reference(name, lineOf(code, qualified.start(1))));
            }
        }
        return new JavaSourceFile(path, packageName, imports, qualifiedNames, strings);
    }

    /** All references to other code: imports first, then qualified names in the body. */
    List<Reference> references() {
        List<Reference> all = new ArrayList<>(imports);
        all.addAll(qualifiedNames);
        return all;
    }

    /**
     * The text with comments and the contents of string, text-block and char literals replaced by
     * spaces (newlines kept, so offsets and line numbers stay true). String contents are collected.
     */
    static String stripCommentsAndLiterals(String text, List<Reference> strings) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? length : end;
                blank(out, i, end);
                i = end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? length : end + 2;
                blank(out, i, end);
                i = end;
            } else if (text.startsWith("\"\"\"", i)) {
                int end = closing(text, i + 3, "\"\"\"");
                strings.add(new Reference(text.substring(i + 3, end), lineOf(text, i)));
                blank(out, i + 3, end);
                i = Math.min(length, end + 3);
            } else if (c == '"' || c == '\'') {
                int end = closing(text, i + 1, String.valueOf(c));
                if (c == '"') {
                    strings.add(new Reference(text.substring(i + 1, end), lineOf(text, i)));
                }
                blank(out, i + 1, end);
                i = Math.min(length, end + 1);
            } else {
                i++;
            }
        }
        return out.toString();
    }

    /** Index of the unescaped {@code delimiter} closing a literal that starts at {@code from}. */
    private static int closing(String text, int from, String delimiter) {
        int i = from;
        while (i < text.length()) {
            if (text.charAt(i) == '\\') {
                i += 2;
            } else if (text.startsWith(delimiter, i)) {
                return i;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static void blank(StringBuilder text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text.charAt(i) != '\n') {
                text.setCharAt(i, ' ');
            }
        }
    }

    private static int lineOf(CharSequence text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
