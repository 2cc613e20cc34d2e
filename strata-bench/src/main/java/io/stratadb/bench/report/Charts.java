package io.stratadb.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Builds the suites' charts with XChart (headless; PNG written by {@link SuiteReport}). */
public final class Charts {
    private Charts() {
    }

    /**
     * Grouped bars: one group per category, one bar per series. Missing values (NaN) are drawn as 0.
     *
     * @param series series name → values in the order of {@code categories}
     */
    public static CategoryChart bars(String title, String xTitle, String yTitle, List<String> categories,
                                     Map<String, List<Double>> series, boolean logY) {
        CategoryChart c = new CategoryChartBuilder().width(1100).height(560).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setXAxisLabelRotation(categories.size() > 10 ? 45 : 0);
        c.getStyler().setAvailableSpaceFill(0.8);
        if (series.isEmpty() || categories.isEmpty()) {
            c.addSeries("no data", List.of("none"), List.of(0.0));
            return c;
        }
        double minPositive = Double.MAX_VALUE;
        for (List<Double> values : series.values()) {
            for (Double d : values) {
                if (d != null && d > 0) {
                    minPositive = Math.min(minPositive, d);
                }
            }
        }
        double floor = minPositive == Double.MAX_VALUE ? 1 : Math.pow(10, Math.floor(Math.log10(minPositive)));
        if (logY) {
            c.getStyler().setYAxisMin(floor);
        }
        series.forEach((name, values) -> {
            List<Double> v = new ArrayList<>();
            for (Double d : values) {
                double x = d == null || d.isNaN() ? 0 : d;
                v.add(logY && x <= floor ? floor : x);
            }
            c.addSeries(name, categories, v);
        });
        return c;
    }

    /** Lines with markers: series name → (xs, ys). */
    public static XYChart lines(String title, String xTitle, String yTitle, Map<String, double[][]> series,
                                boolean logX, boolean logY) {
        XYChart c = new XYChartBuilder().width(1000).height(600).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setYAxisLogarithmic(logY);
        boolean any = false;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < e.getValue()[0].length; i++) {
                double x = e.getValue()[0][i];
                double y = e.getValue()[1][i];
                // log axes cannot show zero or negative values; NaN is a missing point
                if (Double.isNaN(x) || Double.isNaN(y) || (logX && x <= 0) || (logY && y <= 0)) {
                    continue;
                }
                pts.add(new double[] {x, y});
            }
            double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
            if (xs.length == 0) {
                continue;
            }
            c.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) {
            c.addSeries("no data", new double[] {1}, new double[] {1});
        }
        return c;
    }
}
