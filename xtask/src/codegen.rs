//! `cargo xtask codegen`: regenerates files derived from data in the repository.
//! Today that is the compiled thesaurus (`src/matcher/thesaurus.compiled`):
//! `thesaurus.toml` with every phrase already stemmed, so qfill starts fast. A
//! unit test in the library fails when the two drift.

use anyhow::Result;

pub fn run(_args: &[String]) -> Result<()> {
    let path = crate::root().join("src/matcher/thesaurus.compiled");
    let text = qfill::matcher::thesaurus::compile_builtin()?;
    std::fs::write(&path, text)?;
    println!("wrote {}", path.display());
    Ok(())
}
