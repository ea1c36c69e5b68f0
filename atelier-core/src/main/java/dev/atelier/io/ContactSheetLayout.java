package dev.atelier.io;

/**
 * The geometry of a contact sheet: {@code rows x columns} cells of {@code cellWidth x cellHeight}
 * pixels, {@code gap} pixels apart (no outer margin). Images fill the cells row by row; with
 * {@code emptyTopLeft} the first cell stays empty, which is the corner of a content-by-style table
 * whose first row shows the styles and first column the contents.
 */
public record ContactSheetLayout(int rows, int columns, int cellWidth, int cellHeight, int gap,
                                 boolean emptyTopLeft) {

    public ContactSheetLayout {
        if (rows < 1 || columns < 1 || cellWidth < 1 || cellHeight < 1 || gap < 0) {
            throw new IllegalArgumentException("invalid contact sheet: " + rows + " x " + columns
                    + " cells of " + cellWidth + " x " + cellHeight + " with gap " + gap);
        }
        if (emptyTopLeft && rows * columns == 1) {
            throw new IllegalArgumentException("a contact sheet with one cell cannot leave it empty");
        }
        if (columns * ((long) cellWidth + gap) * rows * ((long) cellHeight + gap) > RgbImage.MAX_PIXELS) {
            throw new IllegalArgumentException("contact sheet of " + rows + " x " + columns + " cells of "
                    + cellWidth + " x " + cellHeight + " is too large for one image");
        }
    }

    /** Width of the whole sheet in pixels. */
    public int width() {
        return columns * cellWidth + (columns - 1) * gap;
    }

    /** Height of the whole sheet in pixels. */
    public int height() {
        return rows * cellHeight + (rows - 1) * gap;
    }

    /** How many images the sheet holds. */
    public int capacity() {
        return rows * columns - (emptyTopLeft ? 1 : 0);
    }

    /** The cell at {@code row}, {@code column} (both from 0). */
    public Region cell(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("cell (" + row + ", " + column + ") outside a "
                    + rows + " x " + columns + " sheet");
        }
        return new Region(column * (cellWidth + gap), row * (cellHeight + gap), cellWidth, cellHeight);
    }

    /** The cell of the {@code index}-th image (from 0), skipping the empty top-left cell if any. */
    public Region cellOfImage(int index) {
        if (index < 0 || index >= capacity()) {
            throw new IndexOutOfBoundsException("image " + index + " outside a sheet holding " + capacity());
        }
        int position = index + (emptyTopLeft ? 1 : 0);
        return cell(position / columns, position % columns);
    }
}
