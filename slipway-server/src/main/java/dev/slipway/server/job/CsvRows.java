package dev.slipway.server.job;

import dev.slipway.core.error.SlipwayException;
import dev.slipway.core.inference.RowTensors;
import dev.slipway.core.job.Row;
import dev.slipway.spi.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CSV rows of one file. With a header, a model whose inputs are one column each takes its columns
 * by input name (other columns are ignored); a model with one {@code [-1, F]} input takes the F
 * columns other than the id column, in file order. Without a header the columns follow the
 * signature, with the id column at its position. An empty cell is a missing value (NaN). Cells may
 * be quoted ({@code "a,b"}, {@code ""} for a quote); a quoted cell cannot span lines. Immutable.
 */
final class CsvRows implements RowParser {
    private final int cells;
    private final int[] featureCells;
    private final String[] featureNames;
    private final int idCell;

    /** For each cell of a row, the feature it holds, or -1. */
    private final int[] featureOfCell;

    private CsvRows(int cells, int[] featureCells, String[] featureNames, int idCell) {
        this.cells = cells;
        this.featureCells = featureCells;
        this.featureNames = featureNames;
        this.idCell = idCell;
        this.featureOfCell = new int[cells];
        java.util.Arrays.fill(featureOfCell, -1);
        for (int f = 0; f < featureCells.length; f++) {
            featureOfCell[featureCells[f]] = f;
        }
    }

    /** A file's parser, and whether its first line is a header to skip. */
    record Layout(boolean header, CsvRows rows) {}

    /**
     * Reads the layout from the file's first non-blank line.
     *
     * @param header true, false, or null to detect it: a first line none of whose cells is a number
     *     is a header
     * @throws SlipwayException INVALID_ARGUMENT naming {@code file} and the column
     */
    static Layout layout(
            String file, String firstLine, Boolean header, String idColumn, Signature signature) {
        String[] first = split(firstLine);
        boolean hasHeader = isHeader(firstLine, header);
        int features = RowTensors.columns(signature);
        List<String> names = RowTensors.columnNames(signature);
        if (!hasHeader) {
            int idCell = idColumn == null ? -1 : position(file, idColumn, features + 1);
            int[] featureCells = new int[features];
            for (int f = 0, cell = 0; f < features; cell++) {
                if (cell != idCell) {
                    featureCells[f++] = cell;
                }
            }
            int cells = features + (idCell >= 0 ? 1 : 0);
            String[] labels = new String[features];
            for (int f = 0; f < features; f++) {
                labels[f] = "column " + (featureCells[f] + 1);
            }
            return new Layout(false, new CsvRows(cells, featureCells, labels, idCell));
        }
        List<String> columns = Arrays.stream(first).map(String::trim).toList();
        int idCell = -1;
        if (idColumn != null) {
            idCell = columns.indexOf(idColumn);
            if (idCell < 0 && isNumber(idColumn)) {
                idCell = position(file, idColumn, columns.size());
            }
            if (idCell < 0) {
                throw SlipwayException.invalidArgument(
                        "idColumn '" + idColumn + "' is not a column of " + file + " " + columns);
            }
        }
        int[] featureCells = new int[features];
        String[] labels = new String[features];
        if (!names.isEmpty()) {
            for (int f = 0; f < features; f++) {
                featureCells[f] = columns.indexOf(names.get(f));
                if (featureCells[f] < 0) {
                    throw SlipwayException.invalidArgument(
                            "input "
                                    + file
                                    + " has no column '"
                                    + names.get(f)
                                    + "' (the model's inputs are "
                                    + names
                                    + "; its header is "
                                    + columns
                                    + ")");
                }
                labels[f] = "column '" + names.get(f) + "'";
            }
        } else {
            List<Integer> others = new ArrayList<>();
            for (int cell = 0; cell < columns.size(); cell++) {
                if (cell != idCell) {
                    others.add(cell);
                }
            }
            if (others.size() != features) {
                throw SlipwayException.invalidArgument(
                        "input "
                                + file
                                + " has "
                                + others.size()
                                + " columns"
                                + (idCell >= 0 ? " besides the id column '" + idColumn + "'" : "")
                                + ", the model takes "
                                + features
                                + " ("
                                + RowTensors.describeColumns(signature)
                                + ")");
            }
            for (int f = 0; f < features; f++) {
                featureCells[f] = others.get(f);
                labels[f] = "column '" + columns.get(others.get(f)) + "'";
            }
        }
        return new Layout(true, new CsvRows(columns.size(), featureCells, labels, idCell));
    }

    /**
     * Whether a file whose first non-blank line is {@code firstLine} starts with a header: as told,
     * or, when {@code header} is null, when none of the line's cells is a number.
     */
    static boolean isHeader(String firstLine, Boolean header) {
        return header != null
                ? header
                : Arrays.stream(split(firstLine)).noneMatch(CsvRows::isNumber);
    }

    /** A 1-based column number, checked against the row's width. */
    private static int position(String file, String idColumn, int width) {
        try {
            int number = Integer.parseInt(idColumn.trim());
            if (number >= 1 && number <= width) {
                return number - 1;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw SlipwayException.invalidArgument(
                "idColumn '"
                        + idColumn
                        + "' must be a column number from 1 to "
                        + width
                        + " for "
                        + file
                        + ", which has no header");
    }

    @Override
    public Row parse(String text, long number, long line) {
        if (text.indexOf('"') >= 0) {
            return parseCells(split(text), number, line);
        }
        // The common case, unquoted: cells are found in place, no string is made per cell.
        double[] values = new double[featureCells.length];
        String key = idCell < 0 ? null : "";
        int cell = 0;
        int start = 0;
        String problem = null;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) != ',') {
                continue;
            }
            if (cell < cells) {
                if (cell == idCell) {
                    key = text.substring(start, i);
                } else if (featureOfCell[cell] >= 0 && problem == null) {
                    problem = read(text, start, i, featureOfCell[cell], values);
                }
            }
            cell++;
            start = i + 1;
        }
        if (key == null) {
            key = Long.toString(number);
        }
        if (cell != cells) {
            return new Row.Malformed(
                    number, line, key, "has " + cell + " values, expected " + cells);
        }
        return problem == null
                ? new Row.Values(number, line, key, values)
                : new Row.Malformed(number, line, key, problem);
    }

    private Row parseCells(String[] row, long number, long line) {
        String key = idCell >= 0 && idCell < row.length ? row[idCell] : Long.toString(number);
        if (row.length != cells) {
            return new Row.Malformed(
                    number, line, key, "has " + row.length + " values, expected " + cells);
        }
        double[] values = new double[featureCells.length];
        for (int f = 0; f < featureCells.length; f++) {
            String cell = row[featureCells[f]];
            String problem = read(cell, 0, cell.length(), f, values);
            if (problem != null) {
                return new Row.Malformed(number, line, key, problem);
            }
        }
        return new Row.Values(number, line, key, values);
    }

    /** Reads feature {@code f} from {@code text[from, to)}; answers the problem, or null. */
    private String read(String text, int from, int to, int f, double[] values) {
        int start = from;
        int end = to;
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        if (start == end) {
            values[f] = Double.NaN;
            return null;
        }
        try {
            values[f] = Decimals.parse(text, start, end);
            return null;
        } catch (NumberFormatException e) {
            return featureNames[f] + ": '" + text.substring(start, end) + "' is not a number";
        }
    }

    private static boolean isNumber(String cell) {
        String trimmed = cell.trim();
        if (trimmed.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(trimmed);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The cells of one line: split at commas outside double quotes, quotes removed. */
    static String[] split(String line) {
        if (line.indexOf('"') < 0) {
            return line.split(",", -1);
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }

    /** A cell as CSV: quoted when it holds a comma, a quote or a line break. */
    static String quote(String cell) {
        if (cell.indexOf(',') < 0
                && cell.indexOf('"') < 0
                && cell.indexOf('\n') < 0
                && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
