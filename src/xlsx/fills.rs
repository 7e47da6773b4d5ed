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
}

/// For each `cellXfs` index, the look that format gives a cell.
///
/// # Errors
/// Malformed XML.
pub(crate) fn cell_looks(styles: &[u8]) -> Result<Vec<Look>, quick_xml::Error> {
    let mut reader = Reader::from_reader(styles);
    let (mut fills, mut formats) = (Vec::new(), Vec::new());
    let (mut in_fills, mut in_cell_xfs) = (false, false);
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "fills" => in_fills = true,
                "cellXfs" => in_cell_xfs = true,
                "fill" if in_fills => fills.push(false),
                "patternFill" if in_fills => {
                    let shaded = attr(&e, "patternType")
                        .is_some_and(|p| !matches!(p.trim(), "none" | "gray125"));
                    if let Some(last) = fills.last_mut() {
                        *last = shaded;
                    }
                }
                "gradientFill" if in_fills => {
                    if let Some(last) = fills.last_mut() {
                        *last = true;
                    }
                }
                "xf" if in_cell_xfs => {
                    let fill = attr_u32(&e, "fillId").unwrap_or(0) as usize;
                    formats.push(Look {
                        shaded: fills.get(fill).copied().unwrap_or(false),
                        indented: false,
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
}
