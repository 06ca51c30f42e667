//! The network picture: nodes where a force-directed layout put them, coloured by class (the
//! distance from the ego, or the company), sized by degree, a few people labelled.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, PlotResult, err, font, titled};

/// A drawn network, from plain data (positions already computed).
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

pub(super) fn place_labels(at: &[(i32, i32)], texts: &[&str]) -> Vec<(i32, i32)> {
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
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

impl NetworkChart {
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

impl Chart for NetworkChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult {
        let area = titled(root, &self.title, &self.note)?;
        let (w, h) = area.dim_in_pixel();
        let at = self.projection(w as i32 - LEGEND_WIDTH, h as i32);
        let pixel: Vec<(i32, i32)> = self.positions.iter().map(|&p| at(p)).collect();
        let line = RGBColor(120, 120, 120).mix(0.18);
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
        let anchors: Vec<(i32, i32)> = self
            .labels
            .iter()
            .map(|(v, _)| pixel.get(*v as usize).copied().unwrap_or((0, 0)))
            .collect();
        let texts: Vec<&str> = self.labels.iter().map(|(_, t)| t.as_str()).collect();
        for ((&(x, y), text), &anchor) in place_labels(&anchors, &texts)
            .iter()
            .zip(&texts)
            .zip(&anchors)
        {
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
