use super::*;
use crate::workbook::Value;

/// A record: type, length, body.
fn record(kind: u16, body: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
    out
}

fn u16s(values: &[u16]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A DV record of type `kind` over `area` (rows, cols) with formula `rgce`.
fn dv(kind: u32, rgce: &[u8], area: [u16; 4]) -> Vec<u8> {
    let mut body = kind.to_le_bytes().to_vec();
    for _ in 0..4 {
        // An empty string, as writers store it: one NUL character.
        body.extend([1, 0, 0, 0]);
    }
    body.extend(u16s(&[rgce.len() as u16, 0]));
    body.extend(rgce);
    body.extend(u16s(&[0, 0]));
    body.extend(u16s(&[1]));
    body.extend(u16s(&area));
    record(DV, &body)
}

fn boundsheet(at: u32, name: &str) -> Vec<u8> {
    let mut body = at.to_le_bytes().to_vec();
    body.extend([0, 0, name.len() as u8, 0]);
    body.extend(name.as_bytes());
    record(BOUNDSHEET, &body)
}

fn bof() -> Vec<u8> {
    record(BOF, &[0, 6, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
}

/// A workbook stream with two sheets, "Q" and "Lists", the first with
/// every kind of validation, a hidden row and column, and an embedded
/// chart's substream before a validation.
fn stream() -> Vec<u8> {
    // Lists!$B$1:$B$2 as a 3-D area through EXTERNSHEET entry 0.
    let area3d = [vec![0x3B], u16s(&[0, 0, 1, 1, 1])].concat();
    let mut name = u16s(&[0]);
    name.extend([0, 6]);
    name.extend(u16s(&[area3d.len() as u16, 0, 0, 0, 0]));
    name.push(0);
    name.extend(b"Levels");
    name.extend(&area3d);
    let globals_head = |q: u32, lists: u32| {
        [
            bof(),
            boundsheet(q, "Q"),
            boundsheet(lists, "Lists"),
            record(SUPBOOK, &[2, 0, 1, 4]),
            record(EXTERNSHEET, &u16s(&[1, 0, 1, 1])),
            record(NAME, &name),
            record(EOF, &[]),
        ]
        .concat()
    };
    let literal = [vec![0x17, 10, 0], b"Yes\0No\0N/A".to_vec()].concat();
    let mut row = u16s(&[6, 0, 0, 300, 0, 0, 0x20, 0x0F]);
    row.truncate(16);
    let q_sheet = [
        bof(),
        record(ROW, &row),
        record(COLINFO, &u16s(&[8, 8, 13 * 256, 15, 1, 0])),
        dv(0x83, &literal, [1, 4, 2, 2]),
        // An embedded chart: its records are not the sheet's.
        bof(),
        dv(0x83, &literal, [9, 9, 9, 9]),
        record(EOF, &[]),
        dv(3, &area3d, [1, 4, 3, 3]),
        dv(3, &[0x23, 1, 0, 0, 0], [1, 1, 6, 6]),
        dv(1, &[0x1E, 0, 0], [1, 4, 4, 4]),
        dv(4, &[0x1E, 1, 0], [1, 1, 7, 7]),
        record(EOF, &[]),
    ]
    .concat();
    let lists_sheet = [bof(), record(EOF, &[])].concat();
    let head_len = globals_head(0, 0).len() as u32;
    let q_at = head_len;
    let lists_at = q_at + q_sheet.len() as u32;
    [globals_head(q_at, lists_at), q_sheet, lists_sheet].concat()
}

fn sheets() -> Vec<Sheet> {
    let mut q = Sheet::new("Q");
    q.rows = vec![vec![Value::Text("#".into()); 3]; 5];
    let mut lists = Sheet::new("Lists");
    lists.rows = vec![
        vec![Value::Text("AWS".into()), Value::Text("Low".into())],
        vec![Value::Text("Azure".into()), Value::Text("High".into())],
    ];
    vec![q, lists]
}

fn range(text: &str) -> CellRange {
    CellRange::parse(text).expect("range")
}

#[test]
fn validations_rows_and_columns_are_read() {
    let mut sheets = sheets();
    apply(scan(&stream()), &mut sheets);
    let q = &sheets[0];
    let lists: Vec<(Vec<CellRange>, Vec<String>)> = q
        .dropdowns
        .iter()
        .map(|d| (d.ranges.clone(), d.values.clone()))
        .collect();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        lists,
        [
            (vec![range("C2:C5")], strings(&["Yes", "No", "N/A"])),
            (vec![range("D2:D5")], strings(&["Low", "High"])),
            (vec![range("G2")], strings(&["Low", "High"])),
        ],
        "a literal, a 3-D range and a name; the chart's record is not the sheet's"
    );
    assert_eq!(
        q.typed,
        [
            (range("E2:E5"), Accepts::Number),
            (range("H2"), Accepts::Date)
        ]
    );
    assert!(q.hidden_rows.contains(&6));
    assert!(q.hidden_cols.contains(&8));
    assert_eq!(q.col_widths, [(8, 13.0)]);
    assert!(sheets[1].dropdowns.is_empty());
}

#[test]
fn truncated_or_garbled_streams_are_read_as_far_as_they_go() {
    let whole = stream();
    for cut in (0..whole.len()).step_by(7) {
        let mut sheets = sheets();
        apply(scan(&whole[..cut]), &mut sheets);
    }
    let mut noisy = whole.clone();
    for (i, b) in noisy.iter_mut().enumerate().skip(20) {
        if i % 13 == 0 {
            *b = b.wrapping_mul(31).wrapping_add(7);
        }
    }
    let mut sheets = sheets();
    apply(scan(&noisy), &mut sheets);
}

#[test]
fn a_wide_string_is_utf16() {
    let body = [3, 1, b'J', 0, 0xFC, 0, b'r', 0];
    assert_eq!(short_string(&body, 0), Some(("Jür".to_string(), 8)));
    assert_eq!(short_string(&body[..5], 0), None);
}

#[test]
fn a_constant_formula_reads_as_its_number() {
    // ptgInt 255, ptgNum 1000.5, and a reference (ptgRef) that is no constant.
    assert_eq!(super::constant(&[0x1E, 0xFF, 0x00]).as_deref(), Some("255"));
    let mut num = vec![0x1F];
    num.extend(1000.5f64.to_le_bytes());
    assert_eq!(super::constant(&num).as_deref(), Some("1000.5"));
    assert_eq!(super::constant(&[0x24, 0, 0, 0, 0]), None);
    assert_eq!(super::constant(&[0x1E, 0xFF]), None);
    assert_eq!(
        crate::workbook::Accepts::text_length("lessThanOrEqual", "255", ""),
        Some(crate::workbook::Accepts::Text { max: 255 })
    );
}

#[test]
fn declared_dimensions_are_sized_as_calamine_sizes_them() {
    let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
        let mut b = Vec::new();
        b.extend(rf.to_le_bytes());
        b.extend(rl.to_le_bytes());
        b.extend(cf.to_le_bytes());
        b.extend(cl.to_le_bytes());
        b.extend([0, 0]);
        b
    };
    assert_eq!(declared_cells(&biff8(0, 65_536, 0, 256)), Some(MAX_CELLS));
    assert_eq!(declared_cells(&biff8(0, 10, 0, 4)), Some(40));
    // A column start past 255 is read as 0; an end before the start wraps.
    assert_eq!(declared_cells(&biff8(0, 2, 300, 4)), Some(8));
    assert!(declared_cells(&biff8(5, 2, 0, 4)).unwrap() > MAX_CELLS);
    assert!(declared_cells(&biff8(0, 65_536, 0, 65_534)).unwrap() > MAX_CELLS);
    let biff5 = [0, 0, 3, 0, 0, 0, 2, 0, 0, 0];
    assert_eq!(declared_cells(&biff5), Some(6));
    assert_eq!(declared_cells(&[0; 12]), None);
}
