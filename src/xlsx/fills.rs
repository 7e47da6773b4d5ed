//! What cell formats say about a cell's role: whether they shade it and
//! whether they indent it. A questionnaire that asks for the answer "in the
//! shaded cell below each question" marks its answer cells only so, and
//! options under a "select all that apply" question are often indented by
//! the format (Excel's Increase Indent), not by spaces in the text.

use super::xml::{attr, attr_u32, local};
use quick_xml::Reader;
use quick_xml::events::Event;

/// What one cell format does to a cell's look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Look {
    /// It fills the cell with a pattern or gradient (the reserved `none` and
    /// `gray125` fills do not).
    pub shaded: bool,
    /// Its alignment indents the text (`indent` above 0).
    pub indented: bool,
    /// It fills the cell solid black or near black: a cell the sender
    /// blacked out, not one to write in.
    pub dark: bool,
}

/// For each `cellXfs` index, the look that format gives a cell.
///
/// # Errors
/// Malformed XML.
pub(crate) fn cell_looks(styles: &[u8]) -> Result<Vec<Look>, quick_xml::Error> {
    let mut reader = Reader::from_reader(styles);
    // Per fill: (shaded, dark).
    let (mut fills, mut formats): (Vec<(bool, bool)>, Vec<Look>) = (Vec::new(), Vec::new());
    let (mut in_fills, mut in_cell_xfs, mut solid) = (false, false, false);
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "fills" => in_fills = true,
                "cellXfs" => in_cell_xfs = true,
                "fill" if in_fills => fills.push((false, false)),
                "patternFill" if in_fills => {
                    let pattern = attr(&e, "patternType");
                    let shaded = pattern
                        .as_deref()
                        .is_some_and(|p| !matches!(p.trim(), "none" | "gray125"));
                    solid = pattern.as_deref().is_some_and(|p| p.trim() == "solid");
                    // A solid fill without a colour is drawn in the
                    // automatic foreground colour: black.
                    if let Some(last) = fills.last_mut() {
                        *last = (shaded, solid);
                    }
                }
                "fgColor" if in_fills && solid => {
                    let tint = attr(&e, "tint").and_then(|t| t.trim().parse::<f64>().ok());
                    let dark = attr(&e, "rgb").as_deref().is_some_and(is_near_black)
                        || matches!(attr(&e, "indexed").as_deref(), Some("8" | "64"))
                        // Theme colour 1 is "Text 1", black unless tinted lighter.
                        || attr(&e, "theme").as_deref() == Some("1")
                            && tint.unwrap_or(0.0) < 0.25;
                    if let Some(last) = fills.last_mut() {
                        last.1 = dark;
                    }
                }
                "gradientFill" if in_fills => {
                    solid = false;
                    if let Some(last) = fills.last_mut() {
                        *last = (true, false);
                    }
                }
                "xf" if in_cell_xfs => {
                    let fill = attr_u32(&e, "fillId").unwrap_or(0) as usize;
                    let (shaded, dark) = fills.get(fill).copied().unwrap_or((false, false));
                    formats.push(Look {
                        shaded,
                        indented: false,
                        dark,
                    });
                }
                "alignment" if in_cell_xfs => {
                    if let Some(last) = formats.last_mut() {
                        last.indented = attr_u32(&e, "indent").is_some_and(|n| n > 0);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"fills" => in_fills = false,
                b"cellXfs" => in_cell_xfs = false,
                _ => {}
            },
            Event::Eof => return Ok(formats),
            _ => {}
        }
    }
}

/// Whether an ARGB or RGB colour ("FF000000", "1A1A1A") is black or
/// nearly: every channel below 0x40.
fn is_near_black(rgb: &str) -> bool {
    let hex = rgb.trim();
    let hex = if hex.len() == 8 { &hex[2..] } else { hex };
    hex.len() == 6
        && (0..3).all(|i| {
            hex.get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .is_some_and(|v| v < 0x40)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_shade_and_alignment_indents() {
        let styles = br#"<styleSheet>
<fills count="4">
 <fill><patternFill patternType="none"/></fill>
 <fill><patternFill patternType="gray125"/></fill>
 <fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/></patternFill></fill>
 <fill><gradientFill degree="90"><stop position="0"/></gradientFill></fill>
</fills>
<cellStyleXfs count="1"><xf fillId="2"/></cellStyleXfs>
<cellXfs count="6"><xf fillId="0"/><xf fillId="2"/><xf fillId="1"/><xf fillId="3"/><xf fillId="9"/>
 <xf fillId="0" applyAlignment="1"><alignment horizontal="left" indent="2"/></xf></cellXfs>
</styleSheet>"#;
        let looks = cell_looks(styles).unwrap();
        let shaded: Vec<bool> = looks.iter().map(|l| l.shaded).collect();
        assert_eq!(shaded, [false, true, false, true, false, false]);
        let indented: Vec<bool> = looks.iter().map(|l| l.indented).collect();
        assert_eq!(indented, [false, false, false, false, false, true]);
    }

    #[test]
    fn black_fills_are_dark() {
        let styles = br#"<styleSheet>
<fills count="7">
 <fill><patternFill patternType="none"/></fill>
 <fill><patternFill patternType="solid"/></fill>
 <fill><patternFill patternType="solid"><fgColor rgb="FF000000"/></patternFill></fill>
 <fill><patternFill patternType="solid"><fgColor rgb="FF1F4E78"/></patternFill></fill>
 <fill><patternFill patternType="solid"><fgColor theme="1"/></patternFill></fill>
 <fill><patternFill patternType="solid"><fgColor theme="1" tint="0.5"/></patternFill></fill>
 <fill><patternFill patternType="darkGray"><fgColor rgb="FF000000"/></patternFill></fill>
</fills>
<cellXfs count="7"><xf fillId="0"/><xf fillId="1"/><xf fillId="2"/><xf fillId="3"/><xf fillId="4"/><xf fillId="5"/><xf fillId="6"/></cellXfs>
</styleSheet>"#;
        let dark: Vec<bool> = cell_looks(styles).unwrap().iter().map(|l| l.dark).collect();
        assert_eq!(dark, [false, true, true, false, true, false, false]);
    }
}
