//! PNG and SVG charts with plotters, drawn from result tables only (never from the graph).
//!
//! Text uses DejaVu Sans, vendored beside this file with its licence and registered once per
//! process, so charts look the same on a machine without fonts. Colours are the Okabe–Ito
//! palette, safe for colour-blind readers. Charts render to bytes; `io::output` writes them.

use std::path::Path;
use std::sync::OnceLock;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::combinators::BindKeyPoints;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontStyle;

pub mod layout;
mod network;

pub use network::NetworkChart;

/// The vendored font (DejaVu Sans; licence in `DejaVuSans-LICENSE.txt`).
static FONT: &[u8] = include_bytes!("DejaVuSans.ttf");

/// Okabe–Ito colours: orange, sky blue, bluish green, blue, vermillion, reddish purple, yellow.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
];

/// A chart error in words.
pub type PlotResult<T = ()> = Result<T, String>;

fn register_font() -> PlotResult {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
            .map_err(|_| "the vendored font could not be read".to_string())
    })
    .clone()
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Something that can draw itself on any plotters backend.
pub trait Chart {
    /// Draws the chart on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult;
}

/// An image file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG (8-bit RGB).
    Png,
    /// SVG.
    Svg,
}

impl ImageFormat {
    /// SVG for a path ending in `.svg` (any case), else PNG.
    pub fn for_path(path: &Path) -> ImageFormat {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
        {
            ImageFormat::Svg
        } else {
            ImageFormat::Png
        }
    }
}

/// Draws `chart` at `width` × `height` pixels and returns the file's bytes; writing them is
/// `io::output`'s job.
pub fn render(
    chart: &impl Chart,
    format: ImageFormat,
    width: u32,
    height: u32,
) -> PlotResult<Vec<u8>> {
    register_font()?;
    match format {
        ImageFormat::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
                root.fill(&WHITE).map_err(err)?;
                chart.draw(&root)?;
                root.present().map_err(err)?;
            }
            Ok(svg.into_bytes())
        }
        ImageFormat::Png => {
            let mut rgb = vec![0u8; width as usize * height as usize * 3];
            {
                let root =
                    BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
                root.fill(&WHITE).map_err(err)?;
                chart.draw(&root)?;
                root.present().map_err(err)?;
            }
            encode_png(&rgb, width, height)
        }
    }
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> PlotResult<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_image_data(rgb).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

/// The house style of every chart's axes: fonts and light grid lines.
trait HouseStyle {
    fn house_style(&mut self) -> &mut Self;
}

impl<X: Ranged, Y: Ranged, DB: DrawingBackend> HouseStyle for MeshStyle<'_, '_, X, Y, DB> {
    fn house_style(&mut self) -> &mut Self {
        self.label_style(font(15))
            .axis_desc_style(font(17))
            .max_light_lines(1)
            .light_line_style(RGBColor(240, 240, 240))
    }
}

/// Axes in the house style with numeric ticks (thousands separated) and their descriptions.
fn axes<DB: DrawingBackend, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    x_desc: &str,
    y_desc: &str,
) -> PlotResult
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .house_style()
        .draw()
        .map_err(err)
}

/// Whole years around the first and last dates (as fractional years), at least one year.
fn year_span(first: Option<f64>, last: Option<f64>) -> (f64, f64) {
    let x0 = first.map_or(2003.0, f64::floor);
    let x1 = last.map_or(2026.0, f64::ceil).max(x0 + 1.0);
    (x0, x1)
}

/// Axes with years along x (whole years) and numeric ticks up y.
fn year_axes<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    y_desc: &str,
) -> PlotResult {
    chart
        .configure_mesh()
        .x_desc("year")
        .y_desc(y_desc)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&tick)
        .house_style()
        .draw()
        .map_err(err)
}

/// The legend, in the house style, at `position`.
fn legend<'a, DB: DrawingBackend + 'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> PlotResult {
    chart
        .configure_series_labels()
        .position(position)
        .label_font(font(15))
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(180, 180, 180))
        .draw()
        .map_err(err)
}

/// Draws a title and a one-line note below it; returns the area left for the plot.
fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    note: &str,
) -> PlotResult<DrawingArea<DB, Shift>> {
    let (top, rest) = root.split_vertically(62);
    top.draw(&Text::new(title.to_string(), (16, 8), font(24)))
        .map_err(err)?;
    top.draw(&Text::new(
        note.to_string(),
        (16, 38),
        font(15).color(&RGBColor(80, 80, 80)),
    ))
    .map_err(err)?;
    Ok(rest)
}

/// A tick label: whole numbers without decimals, thousands separated; small fractions kept.
fn tick(v: &f64) -> String {
    if v.abs() >= 10.0 || (v.fract()).abs() < 1e-9 {
        let whole = v.round() as i64;
        let digits = whole.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if whole < 0 { format!("-{out}") } else { out }
    } else {
        format!("{v:.2}")
    }
}

/// A label beside a marker at `x` on a log axis up to `max`: to its right, or to its left
/// (right-aligned) when the marker sits in the right third, so the text is never cut off.
fn side_label(x: f64, max: f64, size: u32, colour: &'static RGBColor) -> (f64, TextStyle<'static>) {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let style = font(size).color(colour);
    if x.ln() > 0.66 * max.ln() {
        (x / 1.08, style.pos(Pos::new(HPos::Right, VPos::Center)))
    } else {
        (x * 1.08, style.pos(Pos::new(HPos::Left, VPos::Center)))
    }
}

/// Shortens a label for an axis or a bar.
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(max - 1).collect::<String>())
    }
}

/// One line of a growth chart.
#[derive(Clone, Debug)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// (contacts, reach) points.
    pub points: Vec<(f64, f64)>,
    /// A band (min, max) around the line, per point (random order).
    pub band: Option<Vec<(f64, f64)>>,
    /// The knee, if marked.
    pub knee: Option<(f64, f64)>,
}

/// Reach against number of contacts, one line per order, markers at 50, 150 and 500.
pub struct GrowthChart {
    /// Chart title.
    pub title: String,
    /// Note under the title.
    pub note: String,
    /// The y-axis quantity ("people within 3 hops").
    pub y_label: String,
    /// Lines.
    pub series: Vec<Series>,
}

impl Chart for GrowthChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let area = titled(root, &self.title, &self.note)?;
        let max_x = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .fold(1.0, f64::max);
        let max_y = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .fold(1.0, f64::max)
            * 1.08;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..max_x, 0f64..max_y)
            .map_err(err)?;
        axes(&mut chart, "contacts added (count)", self.y_label.as_str())?;
        draw_marks(&mut chart, max_x, max_y)?;
        for (i, s) in self.series.iter().enumerate() {
            draw_series(&mut chart, s, PALETTE[i % PALETTE.len()])?;
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        self.draw_knees(root, &chart)
    }
}

impl GrowthChart {
    /// One circle and label per order's knee, in its colour. Circles at the same spot grow so
    /// that each stays visible; labels go where no earlier label is.
    fn draw_knees<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    ) -> PlotResult {
        let knees: Vec<(usize, (i32, i32), String)> = self
            .series
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let k = s.knee?;
                Some((
                    i,
                    chart.backend_coord(&k),
                    format!(
                        "knee: {}",
                        crate::render::count(k.0 as u64, "contact", "contacts")
                    ),
                ))
            })
            .collect();
        let anchors: Vec<(i32, i32)> = knees.iter().map(|k| k.1).collect();
        let texts: Vec<&str> = knees.iter().map(|k| k.2.as_str()).collect();
        let spots = network::place_labels(&anchors, &texts, &[]);
        for (j, ((i, at, text), spot)) in knees.iter().zip(&spots).enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let near = anchors[..j]
                .iter()
                .filter(|a| (a.0 - at.0).abs() < 14 && (a.1 - at.1).abs() < 14)
                .count() as i32;
            root.draw(&Circle::new(*at, 7 + 4 * near, colour.stroke_width(3)))
                .map_err(err)?;
            network::boxed_label(root, text, *spot, &colour)?;
        }
        Ok(())
    }
}

type GrowthContext<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The article's marks at 50, 150 and 500 contacts, where the axis reaches them.
fn draw_marks<DB: DrawingBackend>(
    chart: &mut GrowthContext<'_, DB>,
    max_x: f64,
    max_y: f64,
) -> PlotResult {
    let grey = RGBColor(120, 120, 120);
    for mark in [50.0, 150.0, 500.0] {
        if mark > max_x {
            continue;
        }
        chart
            .draw_series(LineSeries::new(
                vec![(mark, 0.0), (mark, max_y)],
                grey.stroke_width(1),
            ))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("{mark}"),
                (mark, max_y * 0.97),
                font(14).color(&grey),
            )))
            .map_err(err)?;
    }
    Ok(())
}

/// One order's line, with its spread band when it has one.
fn draw_series<DB: DrawingBackend>(
    chart: &mut GrowthContext<'_, DB>,
    s: &Series,
    colour: RGBColor,
) -> PlotResult {
    if let Some(band) = &s.band {
        let mut polygon: Vec<(f64, f64)> =
            s.points.iter().zip(band).map(|(p, b)| (p.0, b.1)).collect();
        polygon.extend(s.points.iter().zip(band).rev().map(|(p, b)| (p.0, b.0)));
        chart
            .draw_series(std::iter::once(Polygon::new(
                polygon,
                colour.mix(0.2).filled(),
            )))
            .map_err(err)?;
    }
    chart
        .draw_series(LineSeries::new(s.points.clone(), colour.stroke_width(3)))
        .map_err(err)?
        .label(s.name.clone())
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], colour.stroke_width(3)));
    Ok(())
}

/// Degree distribution on log-log axes, with the ego's degree marked.
pub struct DegreeChart {
    /// `(degree, people)` for degrees ≥ 1.
    pub counts: Vec<(u64, u64)>,
    /// The ego's degree and label.
    pub ego: Option<(u64, String)>,
}

impl Chart for DegreeChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let area = titled(
            root,
            "Degree distribution",
            "people with each number of connections (log-log)",
        )?;
        let max_d = self.counts.iter().map(|c| c.0).max().unwrap_or(1).max(2) as f64 * 1.5;
        let max_c = self.counts.iter().map(|c| c.1).max().unwrap_or(1).max(2) as f64 * 1.5;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d((1f64..max_d).log_scale(), (1f64..max_c).log_scale())
            .map_err(err)?;
        axes(&mut chart, "connections (degree)", "people")?;
        chart
            .draw_series(
                self.counts
                    .iter()
                    .map(|&(d, c)| Circle::new((d as f64, c as f64), 4, PALETTE[3].filled())),
            )
            .map_err(err)?;
        if let Some((d, label)) = &self.ego {
            let x = (*d).max(1) as f64;
            chart
                .draw_series(LineSeries::new(
                    vec![(x, 1.0), (x, max_c)],
                    PALETTE[4].stroke_width(3),
                ))
                .map_err(err)?;
            let (tx, style) = side_label(x, max_d, 15, &PALETTE[4]);
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{} ({d})", short(label, 30)),
                    (tx, max_c / 1.6),
                    style,
                )))
                .map_err(err)?;
        }
        Ok(())
    }
}

/// Tick values for a log axis from `lo` to `hi`: 1, 2, 5 × 10^k, thinned to the powers of ten
/// when the axis spans more than two decades (so a narrow fitted axis still has labels).
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut ticks = Vec::new();
    let mut decade = 10f64.powi(lo.max(1.0).log10().floor() as i32);
    while decade <= hi {
        for m in [1.0, 2.0, 5.0] {
            let t = decade * m;
            if t >= lo && t <= hi && (m == 1.0 || hi / lo <= 100.0) {
                ticks.push(t);
            }
        }
        decade *= 10.0;
    }
    ticks
}

/// Histogram bars of n2 and n3 over everyone (counts, never below zero), the ego's bins
/// outlined, with the ego's values and percentile written.
pub struct ReachDistributionChart {
    /// n2 of everyone.
    pub n2: Vec<u64>,
    /// n3 of everyone.
    pub n3: Vec<u64>,
    /// The ego's (n2, n3, label, percentile of reach_3).
    pub ego: Option<(u64, u64, String, f64)>,
    /// Whether the values are a sample.
    pub note: String,
}

/// Bin width of a histogram of values up to `max` in `bins` bins (at least 1).
fn bin_width(max: u64, bins: usize) -> f64 {
    (max as f64 / bins as f64).max(1.0)
}

/// `(bin start, count)` of `values` in bins of `width` (the last bin takes the maximum).
fn histogram(values: &[u64], max: u64, bins: usize) -> Vec<(f64, f64)> {
    let width = bin_width(max, bins);
    let mut counts = vec![0u64; bins + 1];
    for &v in values {
        counts[((v as f64 / width) as usize).min(bins)] += 1;
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as f64 * width, c as f64))
        .collect()
}

impl Chart for ReachDistributionChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let area = titled(
            root,
            "Reach of everyone: 2nd- and 3rd-degree contacts",
            &self.note,
        )?;
        let max = self
            .n2
            .iter()
            .chain(&self.n3)
            .copied()
            .max()
            .unwrap_or(1)
            .max(1);
        let (h2, h3) = (histogram(&self.n2, max, 40), histogram(&self.n3, max, 40));
        let top = h2.iter().chain(&h3).map(|p| p.1).fold(1.0, f64::max) * 1.1;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..max as f64 * 1.03, 0f64..top)
            .map_err(err)?;
        axes(
            &mut chart,
            "people at distance exactly k",
            "people (count per bin)",
        )?;
        let width = bin_width(max, 40);
        draw_histograms(&mut chart, &h2, &h3, width)?;
        if let Some(ego) = &self.ego {
            outline_ego(&mut chart, ego, (&h2, &h3), width, (max as f64, top))?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    }
}

/// Bin `i`'s half (n2 on the left, n3 on the right) of the bin starting at `start`.
fn half_bar(i: usize, start: f64, width: f64) -> (f64, f64) {
    (
        start + i as f64 * width / 2.0,
        start + (i + 1) as f64 * width / 2.0,
    )
}

/// A histogram bin: `(start, count)`.
type Bin = (f64, f64);

type Linear<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn draw_histograms<DB: DrawingBackend>(
    chart: &mut Linear<'_, DB>,
    h2: &[(f64, f64)],
    h3: &[(f64, f64)],
    width: f64,
) -> PlotResult {
    for (i, (name, h)) in [("n2 (2nd degree)", h2), ("n3 (3rd degree)", h3)]
        .into_iter()
        .enumerate()
    {
        let colour = PALETTE[i];
        let bars = h.iter().filter(|p| p.1 > 0.0).map(move |&(start, count)| {
            let (x0, x1) = half_bar(i, start, width);
            Rectangle::new([(x0, 0.0), (x1, count)], colour.filled())
        });
        chart
            .draw_series(bars)
            .map_err(err)?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], colour.filled()));
    }
    Ok(())
}

/// The ego's bin of each measure outlined, and its values and percentile written.
fn outline_ego<DB: DrawingBackend>(
    chart: &mut Linear<'_, DB>,
    (n2, n3, label, pct): &(u64, u64, String, f64),
    (h2, h3): (&[Bin], &[Bin]),
    width: f64,
    (max, top): (f64, f64),
) -> PlotResult {
    for (i, (v, h)) in [(*n2, h2), (*n3, h3)].into_iter().enumerate() {
        let bin = ((v as f64 / width) as usize).min(h.len() - 1);
        let (x0, x1) = half_bar(i, h[bin].0, width);
        let outline = Rectangle::new(
            [(x0, 0.0), (x1, h[bin].1.max(top * 0.01))],
            BLACK.stroke_width(3),
        );
        chart.draw_series(std::iter::once(outline)).map_err(err)?;
    }
    let text = format!(
        "{}: n2 {n2}, n3 {n3}; reach_3 above {pct:.1}% of people",
        short(label, 28)
    );
    chart
        .draw_series(std::iter::once(Text::new(
            text,
            (max * 0.02, top * 0.95),
            font(15).color(&PALETTE[4]),
        )))
        .map_err(err)?;
    Ok(())
}

/// reach_3 against degree for everyone (log axes); a density grid when there are many people.
pub struct ReachVsDegreeChart {
    /// `(degree, reach_3)` of everyone with degree ≥ 1.
    pub points: Vec<(u64, u64)>,
    /// The ego's point and label.
    pub ego: Option<(u64, u64, String)>,
}

/// Above this many people the chart shows a density grid instead of points.
pub const DENSITY_ABOVE: usize = 20_000;

impl Chart for ReachVsDegreeChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let dense = self.points.len() > DENSITY_ABOVE;
        let note = if dense {
            "each cell shaded by how many people fall in it (log axes)"
        } else {
            "one dot per person (log axes)"
        };
        let area = titled(
            root,
            "More contacts, more reach? reach_3 against degree",
            note,
        )?;
        let (lo_d, max_d) = log_span(self.points.iter().map(|p| p.0));
        let (lo_r, max_r) = log_span(self.points.iter().map(|p| p.1));
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(80)
            .build_cartesian_2d(
                (lo_d..max_d)
                    .log_scale()
                    .with_key_points(log_ticks(lo_d, max_d)),
                (lo_r..max_r)
                    .log_scale()
                    .with_key_points(log_ticks(lo_r, max_r)),
            )
            .map_err(err)?;
        axes(
            &mut chart,
            "connections (degree)",
            "people within 3 hops (reach_3)",
        )?;
        if dense {
            draw_density(&mut chart, &self.points, (lo_d, max_d), (lo_r, max_r))?;
        } else {
            chart
                .draw_series(self.points.iter().map(|&(d, r)| {
                    Circle::new(
                        (d as f64, r.max(1) as f64),
                        3,
                        PALETTE[3].mix(0.35).filled(),
                    )
                }))
                .map_err(err)?;
        }
        if let Some((d, r, label)) = &self.ego {
            let p = ((*d).max(1) as f64, (*r).max(1) as f64);
            mark_point(&mut chart, p, label, max_d)?;
        }
        Ok(())
    }
}

/// A log axis fitted to the data: a quarter beyond the smallest and largest values (from 1).
fn log_span(values: impl Iterator<Item = u64>) -> (f64, f64) {
    let (lo, hi) = values.fold((u64::MAX, 0), |(lo, hi), v| (lo.min(v.max(1)), hi.max(v)));
    let (lo, hi) = (lo.min(hi).max(1) as f64, hi.max(2) as f64);
    ((lo / 1.25).max(1.0), hi * 1.25)
}

/// A log-log density grid: 60 × 40 cells evenly spaced on the log axes from their lower
/// ends, shaded by the log of how many people fall in each.
fn draw_density<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: &[(u64, u64)],
    (lo_d, max_d): (f64, f64),
    (lo_r, max_r): (f64, f64),
) -> PlotResult {
    let (cols, rows) = (60usize, 40usize);
    let (ox, oy) = (lo_d.ln(), lo_r.ln());
    let (lx, ly) = (max_d.ln() - ox, max_r.ln() - oy);
    let mut grid = vec![0u64; cols * rows];
    for &(d, r) in points {
        let cell = |v: u64, o: f64, l: f64, n: usize| {
            (((v.max(1) as f64).ln() - o).max(0.0) / l * n as f64) as usize
        };
        let c = cell(d, ox, lx, cols).min(cols - 1);
        let w = cell(r, oy, ly, rows).min(rows - 1);
        grid[w * cols + c] += 1;
    }
    let top = grid.iter().copied().max().unwrap_or(1).max(1) as f64;
    let cells = grid
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(i, &c)| {
            let (c0, r0) = ((i % cols) as f64, (i / cols) as f64);
            let x = |t: f64| (ox + t / cols as f64 * lx).exp();
            let y = |t: f64| (oy + t / rows as f64 * ly).exp();
            let shade = 0.15 + 0.85 * ((c as f64).ln() + 1.0) / (top.ln() + 1.0);
            Rectangle::new(
                [(x(c0), y(r0)), (x(c0 + 1.0), y(r0 + 1.0))],
                PALETTE[3].mix(shade).filled(),
            )
        });
    chart.draw_series(cells).map_err(err)?;
    Ok(())
}

/// The ego's point: a cross and its label on the side with room.
fn mark_point<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    p: (f64, f64),
    label: &str,
    max_x: f64,
) -> PlotResult {
    chart
        .draw_series(std::iter::once(Cross::new(
            p,
            10,
            PALETTE[4].stroke_width(4),
        )))
        .map_err(err)?;
    let (tx, style) = side_label(p.0, max_x, 15, &PALETTE[4]);
    chart
        .draw_series(std::iter::once(Text::new(
            short(label, 30),
            (tx, p.1),
            style,
        )))
        .map_err(err)?;
    Ok(())
}

/// Horizontal grouped bars: one row per item, one bar per measure.
pub struct BarsChart {
    /// Chart title.
    pub title: String,
    /// Note under the title.
    pub note: String,
    /// The x-axis quantity.
    pub x_label: String,
    /// Names of the measures (one bar each per row).
    pub measures: Vec<String>,
    /// `(row label, value per measure)`, top row first.
    pub rows: Vec<(String, Vec<f64>)>,
}

impl Chart for BarsChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let area = titled(root, &self.title, &self.note)?;
        let k = self.rows.len().max(1);
        // Room on the right for the legend.
        let max = self
            .rows
            .iter()
            .flat_map(|r| r.1.iter().copied())
            .fold(1.0, f64::max)
            * 1.45;
        let labels: Vec<String> = self.rows.iter().map(|r| short(&r.0, 28)).collect();
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(230)
            .build_cartesian_2d(0f64..max, 0f64..k as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(k * 2 + 1)
            .y_label_formatter(&|y| {
                let i = (*y - 0.5).round();
                if (*y - 0.5 - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                    labels[labels.len() - 1 - i as usize].clone()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&tick)
            .x_desc(self.x_label.as_str())
            .house_style()
            .label_style(font(14))
            .draw()
            .map_err(err)?;
        let m = self.measures.len().max(1) as f64;
        for (j, name) in self.measures.iter().enumerate() {
            let colour = PALETTE[j % PALETTE.len()];
            let bars = self.rows.iter().enumerate().map(|(i, (_, values))| {
                let row = (k - 1 - i) as f64;
                let (lo, hi) = (
                    row + 0.1 + 0.8 * j as f64 / m,
                    row + 0.1 + 0.8 * (j + 1) as f64 / m,
                );
                Rectangle::new(
                    [(0.0, lo), (values.get(j).copied().unwrap_or(0.0), hi)],
                    colour.filled(),
                )
            });
            chart
                .draw_series(bars)
                .map_err(err)?
                .label(name.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], colour.filled())
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    }
}

/// reach_3 over time as contacts were made (by `Connected On`).
pub struct TimelineChart {
    /// `(year as a fraction, reach_3, contacts so far)`, in date order.
    pub points: Vec<(f64, f64, usize)>,
    /// Whose.
    pub label: String,
}

impl Chart for TimelineChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let area = titled(
            root,
            "Reach over time",
            &format!(
                "{}: people within 3 hops as the contacts were made (Connected On)",
                short(&self.label, 40)
            ),
        )?;
        let (x0, x1) = year_span(
            self.points.first().map(|p| p.0),
            self.points.last().map(|p| p.0),
        );
        let top = self.points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.08;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(x0..x1, 0f64..top)
            .map_err(err)?;
        year_axes(&mut chart, "people within 3 hops (reach_3)")?;
        chart
            .draw_series(LineSeries::new(
                self.points.iter().map(|p| (p.0, p.1)),
                PALETTE[2].stroke_width(3),
            ))
            .map_err(err)?;
        for mark in [50usize, 150, 500] {
            if let Some(p) = self.points.iter().find(|p| p.2 == mark) {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (p.0, p.1),
                        6,
                        PALETTE[4].filled(),
                    )))
                    .map_err(err)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{mark} contacts"),
                        (p.0, p.1 + top * 0.03),
                        font(14).color(&PALETTE[4]),
                    )))
                    .map_err(err)?;
            }
        }
        Ok(())
    }
}

/// Contacts over time: the running total by `Connected On`, with the article's 50, 150 and 500
/// drawn as reference lines (the ones above the data are named in the note instead).
pub struct ContactsChart {
    /// `(year as a fraction, contacts so far)`, in date order.
    pub points: Vec<(f64, f64)>,
    /// Whose.
    pub label: String,
}

impl Chart for ContactsChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let most = self.points.last().map_or(0.0, |p| p.1);
        // Show the data and the next mark above it, so the distance to it can be seen.
        let next_mark = [50.0, 150.0, 500.0].into_iter().find(|&m| m > most);
        let top = next_mark.map_or(most, |m| m.max(most)) * 1.1;
        let area = titled(root, "Contacts over time", &self.note(top))?;
        let (x0, x1) = year_span(
            self.points.first().map(|p| p.0),
            self.points.last().map(|p| p.0),
        );
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(x0..x1, 0f64..top.max(1.0))
            .map_err(err)?;
        year_axes(&mut chart, "contacts")?;
        for mark in [50.0, 150.0, 500.0].into_iter().filter(|&m| m <= top) {
            chart
                .draw_series(LineSeries::new(
                    [(x0, mark), (x1, mark)],
                    PALETTE[4].stroke_width(2),
                ))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{mark:.0} contacts"),
                    (x0 + (x1 - x0) * 0.01, mark + top * 0.015),
                    font(14).color(&PALETTE[4]),
                )))
                .map_err(err)?;
        }
        chart
            .draw_series(LineSeries::new(self.steps(), PALETTE[0].stroke_width(3)))
            .map_err(err)?;
        Ok(())
    }
}

impl ContactsChart {
    /// The note, naming the marks that lie above the chart's top.
    fn note(&self, top: f64) -> String {
        let hidden: Vec<String> = [50.0, 150.0, 500.0]
            .into_iter()
            .filter(|&m| m > top)
            .map(|m| format!("{m:.0}"))
            .collect();
        if hidden.is_empty() {
            format!(
                "{}: contacts by Connected On; lines at 50, 150 and 500",
                short(&self.label, 40)
            )
        } else {
            format!(
                "{}: contacts by Connected On ({} above the chart)",
                short(&self.label, 40),
                hidden.join(" and ")
            )
        }
    }

    /// A step line: the total holds until the next contact.
    fn steps(&self) -> Vec<(f64, f64)> {
        let mut steps = Vec::with_capacity(self.points.len() * 2);
        let mut last = 0.0;
        for &(x, y) in &self.points {
            steps.push((x, last));
            steps.push((x, y));
            last = y;
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_shortened() {
        assert_eq!(short("abcdef", 4), "abc…");
        assert_eq!(short("abc", 4), "abc");
    }

    #[test]
    fn histogram_puts_every_value_in_a_bin() {
        let h = histogram(&[0, 5, 10, 10], 10, 5);
        assert_eq!(h.iter().map(|p| p.1).sum::<f64>(), 4.0);
    }
}
