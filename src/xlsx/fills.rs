//! Which cell formats shade a cell. A questionnaire that asks for the answer
//! "in the shaded cell below each question" marks its answer cells only so;
//! detection reads the shading where nothing else says where answers go.

use super::xml::{attr, attr_u32, local};
use quick_xml::Reader;
use quick_xml::events::Event;

/// For each `cellXfs` index, whether that format fills the cell with a
/// pattern or gradient (the reserved `none` and `gray125` fills do not).
///
/// # Errors
/// Malformed XML.
pub(crate) fn filled_formats(styles: &[u8]) -> Result<Vec<bool>, quick_xml::Error> {
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
                    formats.push(fills.get(fill).copied().unwrap_or(false));
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
    fn pattern_and_gradient_fills_shade() {
        let styles = br#"<styleSheet>
<fills count="4">
 <fill><patternFill patternType="none"/></fill>
 <fill><patternFill patternType="gray125"/></fill>
 <fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/></patternFill></fill>
 <fill><gradientFill degree="90"><stop position="0"/></gradientFill></fill>
</fills>
<cellStyleXfs count="1"><xf fillId="2"/></cellStyleXfs>
<cellXfs count="5"><xf fillId="0"/><xf fillId="2"/><xf fillId="1"/><xf fillId="3"/><xf fillId="9"/></cellXfs>
</styleSheet>"#;
        assert_eq!(
            filled_formats(styles).unwrap(),
            [false, true, false, true, false]
        );
    }
}
