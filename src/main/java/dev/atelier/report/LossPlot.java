package dev.atelier.report;

import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss curves as a PNG: one line per named series against iteration (or step), on a log scale,
 * since losses fall over orders of magnitude.
 */
public final class LossPlot {
    private final String title;
    private final String xLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    public LossPlot(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    /** Adds a point to a series; non-positive or non-finite values are skipped (log scale). */
    public LossPlot add(String seriesName, double x, double y) {
        if (y > 0 && Double.isFinite(y)) {
            series.computeIfAbsent(seriesName, name -> new ArrayList<>()).add(new double[] {x, y});
        }
        return this;
    }

    /**
     * The curves of a loss history: each weighted term, the total, and the validation loss where
     * measured, against the step.
     */
    public static LossPlot of(List<HistoryEntry> history, String title, String xLabel) {
        LossPlot plot = new LossPlot(title, xLabel);
        for (HistoryEntry entry : history) {
            plot.add("total", entry.step(), entry.total());
            entry.losses().forEach((name, value) -> plot.add(name, entry.step(), value));
            if (entry.validated()) {
                plot.add("validation", entry.step(), entry.validation());
            }
        }
        return plot;
    }

    /** Writes the chart as a PNG, atomically. */
    public void write(Path file, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle("loss (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        if (series.isEmpty()) {
            chart.addSeries("no data", new double[] {0}, new double[] {1});
        }
        series.forEach((name, points) -> {
            double[] xs = new double[points.size()];
            double[] ys = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                xs[i] = points.get(i)[0];
                ys[i] = points.get(i)[1];
            }
            XYSeries line = chart.addSeries(name, xs, ys);
            line.setMarker(SeriesMarkers.NONE);
        });
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the loss plot", e);
        }
        AtomicFiles.write(file, output -> output.write(png));
    }
}
