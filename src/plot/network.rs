//! The network picture: nodes where a force-directed layout put them, coloured by class (the
//! distance from the ego, or the company), sized by degree, a few people labelled.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, PlotResult, err, font, titled};

/// A drawn network, from plain data (positions already computed).
#[derive(Clone, Debug)]
pub struct NetworkChart {
    /// Chart title.
    pub title: String,
    /// Note under the title.
    pub note: String,
    /// Node positions in layout units.
    pub positions: Vec<(f64, f64)>,
    /// Edges between node indices.
    pub edges: Vec<(u32, u32)>,
    /// Class of each node (an index into `classes`).
    pub class: Vec<usize>,
    /// Legend names of the classes and their colours (RGB).
    pub classes: Vec<(String, (u8, u8, u8))>,
    /// Degree of each node (the circle's area grows with it).
    pub degree: Vec<usize>,
    /// `(node, text)` labels, drawn last so that they stay on top.
    pub labels: Vec<(u32, String)>,
    /// Each node's name as readers see it: the hover text of [`NetworkChart::hover_svg`].
    pub names: Vec<String>,
    /// Opacity of the lines (0 to 1): faint in a whole network, strong where the lines are
    /// the message (a few paths).
    pub edge_opacity: f64,
}

/// Width kept free on the right for the legend.
const LEGEND_WIDTH: i32 = 270;
/// Approximate width of one character of the 15-pixel font, for label placement.
const CHAR_WIDTH: i32 = 8;

fn colour(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Label boxes `(x, y, w, h)`, placed one by one at the first spot around the node that
/// overlaps no label placed before (else the first spot).
/// `text` at `spot` (its top-left corner) on a white box, so that lines beneath stay behind it.
pub(super) fn boxed_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    colour: &RGBColor,
) -> PlotResult {
    let w = CHAR_WIDTH * text.chars().count() as i32;
    area.draw(&Rectangle::new(
        [(x - 2, y), (x + w + 2, y + 17)],
        WHITE.mix(0.85).filled(),
    ))
    .map_err(err)?;
    area.draw(&Text::new(text.to_string(), (x, y), font(15).color(colour)))
        .map_err(err)
}

/// `obstacles` are boxes `(x, y, w, h)` no label should cover (the legend).
pub(super) fn place_labels(
    at: &[(i32, i32)],
    texts: &[&str],
    obstacles: &[(i32, i32, i32, i32)],
) -> Vec<(i32, i32)> {
    let mut placed: Vec<(i32, i32, i32, i32)> = obstacles.to_vec();
    let mut out = Vec::new();
    for (&(x, y), text) in at.iter().zip(texts) {
        let w = CHAR_WIDTH * text.chars().count() as i32;
        let h = 17;
        let spots = [
            (x + 9, y - 20),
            (x + 9, y + 4),
            (x - 9 - w, y - 20),
            (x - 9 - w, y + 4),
            (x - w / 2, y - 30),
            (x - w / 2, y + 14),
        ];
        let free = |&(sx, sy): &(i32, i32)| {
            placed.iter().all(|&(px, py, pw, ph)| {
                sx + w <= px || px + pw <= sx || sy + h <= py || py + ph <= sy
            })
        };
        let spot = spots.iter().copied().find(free).unwrap_or(spots[0]);
        placed.push((spot.0, spot.1, w, h));
        out.push(spot);
    }
    out
}

/// The radius in pixels for a degree: from 2 px, growing with the square root.
fn radius(degree: usize) -> i32 {
    (2.0 + (degree as f64).sqrt() * 0.9).min(16.0).round() as i32
}

/// A label's top-left corner, its text, and the pixel of the node it names.
type PlacedLabel<'a> = ((i32, i32), &'a str, (i32, i32));

impl NetworkChart {
    /// Each label's top-left corner, text and the node it names, placed so that labels do not
    /// overlap (shared by the PNG/SVG chart and the hover SVG).
    fn placed_labels(&self, pixel: &[(i32, i32)], w: i32) -> Vec<PlacedLabel<'_>> {
        let anchors: Vec<(i32, i32)> = self
            .labels
            .iter()
            .map(|(v, _)| pixel.get(*v as usize).copied().unwrap_or((0, 0)))
            .collect();
        let texts: Vec<&str> = self.labels.iter().map(|(_, t)| t.as_str()).collect();
        place_labels(&anchors, &texts, &[self.legend_box(w)])
            .into_iter()
            .zip(texts)
            .zip(anchors)
            .map(|((spot, text), anchor)| (spot, text, anchor))
            .collect()
    }

    /// The legend's box in an area `w` pixels wide: rows of 22 pixels from the top right.
    fn legend_box(&self, w: i32) -> (i32, i32, i32, i32) {
        let rows = (0..self.classes.len())
            .filter(|i| self.class.contains(i))
            .count() as i32;
        (w - LEGEND_WIDTH + 8, 0, LEGEND_WIDTH - 8, 12 + 22 * rows)
    }

    /// Maps layout units to pixels of a `w` × `h` area with a margin, keeping the aspect.
    fn projection(&self, w: i32, h: i32) -> impl Fn((f64, f64)) -> (i32, i32) + use<> {
        let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &self.positions {
            lo_x = lo_x.min(x);
            lo_y = lo_y.min(y);
            hi_x = hi_x.max(x);
            hi_y = hi_y.max(y);
        }
        let margin = 24.0;
        let span = (hi_x - lo_x).max(hi_y - lo_y).max(1e-9);
        let scale = ((w as f64 - 2.0 * margin) / (hi_x - lo_x).max(1e-9))
            .min((h as f64 - 2.0 * margin) / (hi_y - lo_y).max(1e-9))
            .min(1e9 / span);
        let (cx, cy) = ((lo_x + hi_x) / 2.0, (lo_y + hi_y) / 2.0);
        move |(x, y)| {
            (
                (w as f64 / 2.0 + (x - cx) * scale).round() as i32,
                (h as f64 / 2.0 - (y - cy) * scale).round() as i32,
            )
        }
    }

    fn draw_legend<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> PlotResult {
        let x = area.dim_in_pixel().0 as i32 - LEGEND_WIDTH + 16;
        // Only the classes someone in the picture belongs to.
        let shown = self
            .classes
            .iter()
            .enumerate()
            .filter(|(i, _)| self.class.contains(i));
        for (row, (_, (name, c))) in shown.enumerate() {
            let y = 12 + 22 * row as i32;
            let c = colour(*c);
            area.draw(&Circle::new((x, y), 6, c.filled()))
                .map_err(err)?;
            area.draw(&Text::new(name.clone(), (x + 14, y - 8), font(15)))
                .map_err(err)?;
        }
        Ok(())
    }
}

impl NetworkChart {
    /// The picture as SVG text for an HTML page: the same layout, colours and labels as the
    /// chart, each person a circle whose `<title>` is their name, so that hovering (or a screen
    /// reader) tells who it is. Written directly (plotters' SVG has no titles); scales with
    /// the page through its `viewBox`.
    pub fn hover_svg(&self, w: i32, h: i32) -> String {
        use crate::io::graphml::xml_escape as esc;
        use std::fmt::Write as _;
        let at = self.projection(w - LEGEND_WIDTH, h);
        let pixel: Vec<(i32, i32)> = self.positions.iter().map(|&p| at(p)).collect();
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" style=\"width:100%;height:auto;border:1px solid #ddd;font-family:sans-serif\"><title>{}</title><g stroke=\"#787878\" stroke-opacity=\"{}\">",
            esc(&self.note),
            esc(&self.title),
            self.edge_opacity
        );
        for &(u, v) in &self.edges {
            if let (Some(a), Some(b)) = (pixel.get(u as usize), pixel.get(v as usize)) {
                let _ = write!(
                    svg,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                    a.0, a.1, b.0, b.1
                );
            }
        }
        svg.push_str("</g><g stroke=\"#fff\">");
        let mut order: Vec<usize> = (0..pixel.len()).collect();
        order.sort_by_key(|&v| (self.degree.get(v).copied().unwrap_or(0), v));
        for v in order {
            let (r, g, b) = self
                .class
                .get(v)
                .and_then(|&c| self.classes.get(c))
                .map_or((150, 150, 150), |c| c.1);
            let name = self.names.get(v).map_or("", String::as_str);
            let _ = write!(
                svg,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"rgb({r},{g},{b})\" fill-opacity=\"0.85\"><title>{}</title></circle>",
                pixel[v].0,
                pixel[v].1,
                radius(self.degree.get(v).copied().unwrap_or(0)),
                esc(name)
            );
        }
        svg.push_str("</g>");
        self.svg_labels_and_legend(&mut svg, &pixel, w);
        svg.push_str("</svg>");
        svg
    }

    /// The labels (on white boxes) and the legend of [`NetworkChart::hover_svg`].
    fn svg_labels_and_legend(&self, svg: &mut String, pixel: &[(i32, i32)], w: i32) {
        use crate::io::graphml::xml_escape as esc;
        use std::fmt::Write as _;
        for ((x, y), text, _) in self.placed_labels(pixel, w) {
            let width = CHAR_WIDTH * text.chars().count() as i32;
            let _ = write!(
                svg,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"17\" fill=\"#fff\" fill-opacity=\"0.85\"/><text x=\"{}\" y=\"{}\" font-size=\"14\">{}</text>",
                x + 2,
                y + 13,
                esc(text)
            );
        }
        let x = w - LEGEND_WIDTH + 16;
        let shown = self
            .classes
            .iter()
            .enumerate()
            .filter(|(i, _)| self.class.contains(i));
        for (row, (_, (name, (r, g, b)))) in shown.enumerate() {
            let y = 12 + 22 * row as i32;
            let _ = write!(
                svg,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"6\" fill=\"rgb({r},{g},{b})\"/><text x=\"{}\" y=\"{}\" font-size=\"15\">{}</text>",
                x + 14,
                y + 5,
                esc(name)
            );
        }
    }
}

impl Chart for NetworkChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let area = titled(root, &self.title, &self.note)?;
        let (w, h) = area.dim_in_pixel();
        let at = self.projection(w as i32 - LEGEND_WIDTH, h as i32);
        let pixel: Vec<(i32, i32)> = self.positions.iter().map(|&p| at(p)).collect();
        let line = RGBColor(120, 120, 120).mix(self.edge_opacity);
        for &(u, v) in &self.edges {
            let (Some(&a), Some(&b)) = (pixel.get(u as usize), pixel.get(v as usize)) else {
                continue;
            };
            area.draw(&PathElement::new(vec![a, b], line))
                .map_err(err)?;
        }
        // Small nodes first so that hubs stay visible on top.
        let mut order: Vec<usize> = (0..pixel.len()).collect();
        order.sort_by_key(|&v| (self.degree.get(v).copied().unwrap_or(0), v));
        for v in order {
            let class = self.class.get(v).and_then(|&c| self.classes.get(c));
            let c = colour(class.map_or((150, 150, 150), |c| c.1));
            let r = radius(self.degree.get(v).copied().unwrap_or(0));
            area.draw(&Circle::new(pixel[v], r, c.mix(0.85).filled()))
                .map_err(err)?;
            area.draw(&Circle::new(pixel[v], r, WHITE.stroke_width(1)))
                .map_err(err)?;
        }
        for ((x, y), text, anchor) in self.placed_labels(&pixel, w as i32) {
            let w = CHAR_WIDTH * text.chars().count() as i32;
            area.draw(&PathElement::new(
                vec![anchor, (x + w / 2, y + 8)],
                BLACK.mix(0.4),
            ))
            .map_err(err)?;
            boxed_label(&area, text, (x, y), &BLACK)?;
        }
        self.draw_legend(&area)
    }
}
