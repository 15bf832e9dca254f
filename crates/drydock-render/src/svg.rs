//! The data-flow diagram drawn as SVG, one drawing per platform: elements grouped in their
//! trust zones (dashed boxes), zones laid out in columns along the direction of the flows,
//! flows routed orthogonally through the gaps between columns, each flow numbered for the
//! table beside the drawing. Elements are filled by the worst status of their threats; a flow
//! is stroked by the worst status of the threats on the boundary it crosses.
//!
//! The layout is computed here, not by a browser or Graphviz, so the report stays one file
//! with no script needed to see it, and the same model always gives the same drawing.

use super::threats::{element_status, status_colour};
use drydock_threat::{Element, Flow, ThreatModelReport, ThreatStatus};
use std::collections::BTreeMap;
use std::fmt::Write;

const BOX_W: i32 = 200;
const BOX_H: i32 = 52;
const ROW_GAP: i32 = 26;
const ZONE_PAD: i32 = 14;
const ZONE_LABEL: i32 = 18;
const ZONE_GAP: i32 = 34;
/// Space between the vertical tracks of flows in one gap.
const TRACK: i32 = 24;
const MIN_GAP: i32 = 70;
/// Space between the horizontal lanes of flows that pass over columns.
const LANE: i32 = 18;
const MARGIN: i32 = 16;
/// Characters of an element's name shown before it is cut (the full name is in its tooltip).
const NAME_CHARS: usize = 24;

/// Escapes text for HTML, SVG and XML content and attributes; control characters become U+FFFD.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in HTML text; they come only from hostile
            // or broken input (a container name, a file name).
            // U+FFFE and U+FFFF are not characters at all, and XML (JUnit) refuses them too.
            c if (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}') =>
            {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// Stroke colours per status: darker than the fills, readable as thin lines.
pub fn status_stroke(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open => "#b91c1c",
        ThreatStatus::PartiallyMitigated => "#c2410c",
        ThreatStatus::Unknown => "#a16207",
        ThreatStatus::Mitigated => "#15803d",
        ThreatStatus::NotAssessed => "#6b7280",
        ThreatStatus::NotApplicable => "#9ca3af",
    }
}

/// The worst status of the threats that cross a boundary.
pub fn boundary_status(model: &ThreatModelReport, boundary: &str) -> ThreatStatus {
    model
        .threats
        .iter()
        .filter(|t| t.threat.boundary == boundary)
        .map(|t| t.status)
        .min()
        .unwrap_or(ThreatStatus::NotApplicable)
}

/// Why a boundary has its colour: the worst threat that crosses it, in words.
pub fn boundary_reason(model: &ThreatModelReport, boundary: &str) -> Option<String> {
    model
        .threats
        .iter()
        .filter(|t| t.threat.boundary == boundary && t.status != ThreatStatus::NotApplicable)
        .min_by_key(|t| (t.status, std::cmp::Reverse(t.threat.severity)))
        .map(|t| format!("{} {}: {}", t.threat.id, t.status.label(), t.threat.title))
}

/// One drawing: a platform's elements and the flows between them, numbered from `first`.
pub struct Diagram {
    /// The platform (`docker`, `kubernetes`, or the user's own).
    pub platform: String,
    /// The SVG element.
    pub svg: String,
    /// The flows drawn, with their numbers.
    pub flows: Vec<(usize, Flow)>,
}

#[derive(Clone, Copy)]
struct Rect {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
}

/// Which side of a box a flow leaves or enters by.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
}

/// A flow's route: the gaps it runs through and, when it passes over columns, a lane.
struct Route {
    from: usize,
    to: usize,
    leave: Side,
    enter: Side,
    /// Gap index (gap `i` is left of column `i`) and track in it, for the first vertical run.
    first_gap: (usize, usize),
    /// For flows that pass over columns: the second vertical run and the lane.
    over: Option<((usize, usize), usize)>,
}

/// Draws one diagram per platform of the elements the audit touched.
pub fn diagrams(model: &ThreatModelReport, elements: &[&Element]) -> Vec<Diagram> {
    let mut platforms: Vec<&str> = Vec::new();
    for e in elements {
        if !platforms.contains(&e.platform.as_str()) {
            platforms.push(&e.platform);
        }
    }
    let mut next_number = 1;
    platforms
        .into_iter()
        .map(|platform| {
            let mine: Vec<&Element> = elements
                .iter()
                .copied()
                .filter(|e| e.platform == platform)
                .collect();
            let diagram = draw(model, platform, &mine, next_number);
            next_number += diagram.flows.len();
            diagram
        })
        .collect()
}

/// Column of each zone: the longest path to it over the flows between zones, cycles broken
/// where a depth-first walk in model order meets them.
fn zone_columns(zones: &[&str], edges: &[(usize, usize)]) -> Vec<usize> {
    let n = zones.len();
    let mut forward: Vec<(usize, usize)> = Vec::new();
    // 0 = unseen, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    fn walk(
        z: usize,
        edges: &[(usize, usize)],
        state: &mut [u8],
        forward: &mut Vec<(usize, usize)>,
    ) {
        state[z] = 1;
        for &(a, b) in edges.iter().filter(|(a, _)| *a == z) {
            match state[b] {
                0 => {
                    forward.push((a, b));
                    walk(b, edges, state, forward);
                }
                2 => forward.push((a, b)),
                _ => {} // back edge: ignored for the layout
            }
        }
        state[z] = 2;
    }
    for z in 0..n {
        if state[z] == 0 {
            walk(z, edges, &mut state, &mut forward);
        }
    }
    let mut column = vec![0usize; n];
    for _ in 0..n {
        for &(a, b) in &forward {
            column[b] = column[b].max(column[a] + 1);
        }
    }
    column
}

fn draw(model: &ThreatModelReport, platform: &str, elements: &[&Element], first: usize) -> Diagram {
    let index: BTreeMap<&str, usize> = elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let flows: Vec<&Flow> = model
        .flows
        .iter()
        .filter(|f| index.contains_key(f.from.as_str()) && index.contains_key(f.to.as_str()))
        .collect();

    // Zones in the order their first element appears, and their columns.
    let mut zones: Vec<&str> = Vec::new();
    for e in elements {
        if !zones.contains(&e.zone.as_str()) {
            zones.push(&e.zone);
        }
    }
    let zone_of = |e: usize| {
        zones
            .iter()
            .position(|z| *z == elements[e].zone)
            .unwrap_or(0)
    };
    let mut zone_edges: Vec<(usize, usize)> = Vec::new();
    for f in &flows {
        let (a, b) = (
            zone_of(index[f.from.as_str()]),
            zone_of(index[f.to.as_str()]),
        );
        if a != b && !zone_edges.contains(&(a, b)) {
            zone_edges.push((a, b));
        }
    }
    let zone_column = zone_columns(&zones, &zone_edges);
    let columns = zone_column.iter().max().map_or(0, |m| m + 1);
    let col_of = |e: usize| zone_column[zone_of(e)];

    // Routes: which gaps each flow runs through. Gap i is left of column i; gap `columns`
    // is right of the last.
    let mut tracks: Vec<usize> = vec![0; columns + 1];
    let mut take = |gap: usize| {
        tracks[gap] += 1;
        (gap, tracks[gap] - 1)
    };
    let mut lanes = 0;
    let routes: Vec<Route> = flows
        .iter()
        .map(|f| {
            let (from, to) = (index[f.from.as_str()], index[f.to.as_str()]);
            let (cf, ct) = (col_of(from), col_of(to));
            if cf == ct {
                // Within a column: out of the left side, down the gap, back in on the left.
                Route {
                    from,
                    to,
                    leave: Side::Left,
                    enter: Side::Left,
                    first_gap: take(cf),
                    over: None,
                }
            } else if cf < ct {
                let first_gap = take(cf + 1);
                let over = (ct - cf > 1).then(|| {
                    lanes += 1;
                    (take(ct), lanes - 1)
                });
                Route {
                    from,
                    to,
                    leave: Side::Right,
                    enter: Side::Left,
                    first_gap,
                    over,
                }
            } else {
                let first_gap = take(cf);
                let over = (cf - ct > 1).then(|| {
                    lanes += 1;
                    (take(ct + 1), lanes - 1)
                });
                Route {
                    from,
                    to,
                    leave: Side::Left,
                    enter: Side::Right,
                    first_gap,
                    over,
                }
            }
        })
        .collect();
    // Inner gaps keep room between zones; the outer ones are as wide as their tracks need.
    let gap_width: Vec<i32> = tracks
        .iter()
        .enumerate()
        .map(|(gap, &t)| match (t, gap == 0 || gap == columns) {
            (0, true) => 0,
            (_, true) => (t as i32 + 1) * TRACK,
            _ => MIN_GAP.max((t as i32 + 1) * TRACK),
        })
        .collect();

    // Columns: x from the gaps; zones stacked in each column, columns centred vertically.
    let zone_w = BOX_W + 2 * ZONE_PAD;
    let mut col_x = Vec::with_capacity(columns);
    let mut x = MARGIN;
    for gap in gap_width.iter().take(columns) {
        x += gap;
        col_x.push(x);
        x += zone_w;
    }
    let width = x + gap_width[columns] + MARGIN;
    let zone_h = |z: usize| {
        let n = elements.iter().filter(|e| e.zone == zones[z]).count() as i32;
        ZONE_LABEL + 2 * ZONE_PAD + n * BOX_H + (n - 1).max(0) * ROW_GAP
    };
    let col_h: Vec<i32> = (0..columns)
        .map(|c| {
            let zs: Vec<usize> = (0..zones.len()).filter(|&z| zone_column[z] == c).collect();
            zs.iter().map(|&z| zone_h(z)).sum::<i32>() + (zs.len() as i32 - 1).max(0) * ZONE_GAP
        })
        .collect();
    let tallest = col_h.iter().copied().max().unwrap_or(0);
    let lanes_h = lanes as i32 * LANE;
    let top = MARGIN + lanes_h + if lanes > 0 { LANE / 2 } else { 0 };
    let mut zone_rect: Vec<Rect> = vec![
        Rect {
            x: 0,
            y: 0,
            w: 0,
            h: 0
        };
        zones.len()
    ];
    let mut boxes: Vec<Rect> = vec![
        Rect {
            x: 0,
            y: 0,
            w: 0,
            h: 0
        };
        elements.len()
    ];
    for c in 0..columns {
        let mut y = top + (tallest - col_h[c]) / 2;
        for z in (0..zones.len()).filter(|&z| zone_column[z] == c) {
            zone_rect[z] = Rect {
                x: col_x[c],
                y,
                w: zone_w,
                h: zone_h(z),
            };
            let mut ey = y + ZONE_LABEL + ZONE_PAD;
            for (i, e) in elements.iter().enumerate() {
                if e.zone == zones[z] {
                    boxes[i] = Rect {
                        x: col_x[c] + ZONE_PAD,
                        y: ey,
                        w: BOX_W,
                        h: BOX_H,
                    };
                    ey += BOX_H + ROW_GAP;
                }
            }
            y += zone_h(z) + ZONE_GAP;
        }
    }
    let height = top + tallest + MARGIN;

    // Ports: the flows on one side of one box share it evenly, in route order.
    let mut ports: BTreeMap<(usize, Side), Vec<usize>> = BTreeMap::new();
    for (i, r) in routes.iter().enumerate() {
        ports.entry((r.from, r.leave)).or_default().push(i);
        ports.entry((r.to, r.enter)).or_default().push(i);
    }
    let port = |element: usize, side: Side, route: usize| -> (i32, i32) {
        let b = boxes[element];
        let on_side = &ports[&(element, side)];
        let k = on_side
            .iter()
            .position(|&r| r == route)
            .expect("every route has its ports") as i32;
        let y = b.y + (k + 1) * b.h / (on_side.len() as i32 + 1);
        let x = match side {
            Side::Left => b.x,
            Side::Right => b.x + b.w,
        };
        (x, y)
    };
    let gap_left = |gap: usize| {
        if gap < columns {
            col_x[gap] - gap_width[gap]
        } else {
            x
        }
    };
    let track_x = |(gap, track): (usize, usize)| {
        let n = tracks[gap] as i32;
        gap_left(gap) + (track as i32 + 1) * gap_width[gap] / (n + 1)
    };

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dfd\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"dfd-{a}-title\">\n<title id=\"dfd-{a}-title\">Data-flow diagram: {p}</title>\n",
        a = anchor_id(platform),
        p = esc(platform)
    );
    // One arrowhead per status colour: markers do not take the colour of their path
    // everywhere.
    let anchor = anchor_id(platform);
    svg.push_str("<defs>");
    for status in ALL_STATUSES {
        let _ = write!(
            svg,
            "<marker id=\"arrow-{anchor}-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            status_key(status),
            status_stroke(status)
        );
    }
    svg.push_str("</defs>\n");
    for (z, zone) in zones.iter().enumerate() {
        let r = zone_rect[z];
        let _ = writeln!(
            svg,
            "<g class=\"zone\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/><text x=\"{}\" y=\"{}\">{} zone</text></g>",
            r.x,
            r.y,
            r.w,
            r.h,
            r.x + 8,
            r.y + 14,
            esc(zone)
        );
    }
    let mut badges = String::new();
    let mut drawn = Vec::new();
    for (i, (route, flow)) in routes.iter().zip(&flows).enumerate() {
        let number = first + i;
        let (sx, sy) = port(route.from, route.leave, i);
        let (ex, ey) = port(route.to, route.enter, i);
        let g1 = track_x(route.first_gap);
        let (d, badge) = match route.over {
            None => (format!("M{sx},{sy} H{g1} V{ey} H{ex}"), (g1, (sy + ey) / 2)),
            Some((second_gap, lane)) => {
                let g2 = track_x(second_gap);
                let ly = MARGIN + lane as i32 * LANE;
                (
                    format!("M{sx},{sy} H{g1} V{ly} H{g2} V{ey} H{ex}"),
                    (g1, (sy + ly) / 2),
                )
            }
        };
        let status = boundary_status(model, &flow.boundary);
        let boundary = model
            .boundaries
            .iter()
            .find(|b| b.id == flow.boundary)
            .map_or(flow.boundary.as_str(), |b| b.name.as_str());
        let _ = writeln!(
            svg,
            "<path class=\"flow\" d=\"{d}\" stroke=\"{}\" marker-end=\"url(#arrow-{anchor}-{})\"><title>{number}. {} → {}: {} (crosses {}: {}{})</title></path>",
            status_stroke(status),
            status_key(status),
            esc(&elements[route.from].name),
            esc(&elements[route.to].name),
            esc(&flow.label),
            esc(boundary),
            status.label(),
            boundary_reason(model, &flow.boundary)
                .map(|why| format!(", because of {}", esc(&why)))
                .unwrap_or_default()
        );
        let _ = writeln!(
            badges,
            "<g class=\"badge\"><circle cx=\"{}\" cy=\"{}\" r=\"9\" stroke=\"{}\"/><text x=\"{}\" y=\"{}\">{number}</text></g>",
            badge.0,
            badge.1,
            status_stroke(status),
            badge.0,
            badge.1 + 4
        );
        drawn.push((number, (*flow).clone()));
    }
    svg.push_str(&badges);
    for (i, e) in elements.iter().enumerate() {
        let b = boxes[i];
        let status = element_status(model, &e.id);
        let mut counts: BTreeMap<ThreatStatus, usize> = BTreeMap::new();
        let mut listed = String::new();
        for t in model.threats.iter().filter(|t| t.threat.element == e.id) {
            *counts.entry(t.status).or_default() += 1;
            if t.status != ThreatStatus::NotApplicable {
                let _ = write!(
                    listed,
                    "\n{} {} — {}",
                    t.threat.id,
                    t.threat.title,
                    t.status.label()
                );
            }
        }
        let line = counts
            .iter()
            .filter(|(s, _)| **s != ThreatStatus::NotApplicable)
            .map(|(s, n)| format!("{n} {}", short_label(*s)))
            .collect::<Vec<_>>()
            .join(" · ");
        let name: String = if e.name.chars().count() > NAME_CHARS {
            e.name.chars().take(NAME_CHARS - 1).collect::<String>() + "…"
        } else {
            e.name.clone()
        };
        let _ = writeln!(
            svg,
            "<g class=\"element\" data-element=\"{id}\" data-status=\"{status_key}\" tabindex=\"0\" role=\"button\"><title>{full}: {label}{listed}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{}\" stroke=\"{}\"/><text class=\"name\" x=\"{}\" y=\"{}\">{name}</text><text class=\"count\" x=\"{}\" y=\"{}\">{line}</text></g>",
            b.x,
            b.y,
            b.w,
            b.h,
            status_colour(status),
            status_stroke(status),
            b.x + b.w / 2,
            b.y + 21,
            b.x + b.w / 2,
            b.y + 39,
            id = esc(&e.id),
            status_key = status_key(status),
            full = esc(&e.name),
            label = status.label(),
            listed = esc(&listed),
            name = esc(&name),
            line = esc(if line.is_empty() {
                "no threat applies"
            } else {
                &line
            }),
        );
    }
    svg.push_str("</svg>\n");
    Diagram {
        platform: platform.to_string(),
        svg,
        flows: drawn,
    }
}

/// Every threat status, worst first.
pub const ALL_STATUSES: [ThreatStatus; 6] = [
    ThreatStatus::Open,
    ThreatStatus::PartiallyMitigated,
    ThreatStatus::Unknown,
    ThreatStatus::NotAssessed,
    ThreatStatus::Mitigated,
    ThreatStatus::NotApplicable,
];

/// Text made safe for an element id and a `url(#…)` reference.
pub fn anchor_id(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A status as a token for attributes and CSS classes.
pub fn status_key(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open => "open",
        ThreatStatus::PartiallyMitigated => "partial",
        ThreatStatus::Unknown => "unknown",
        ThreatStatus::Mitigated => "mitigated",
        ThreatStatus::NotAssessed => "not-assessed",
        ThreatStatus::NotApplicable => "na",
    }
}

fn short_label(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::PartiallyMitigated => "partial",
        other => other.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_columns_follow_flows_and_break_cycles() {
        // a → b → c → a (cycle), d → b.
        let zones = ["a", "b", "c", "d"];
        let columns = zone_columns(&zones, &[(0, 1), (1, 2), (2, 0), (3, 1)]);
        assert_eq!(columns, vec![0, 1, 2, 0]);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
