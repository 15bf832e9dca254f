//! drydock's parsers: pure functions from text to positioned syntax trees.

pub mod compose;
pub mod dockerfile;
pub mod osv;
pub mod packages;
pub mod text;
pub mod yaml;
