//! drydock's data, shared by every stage: the facts the collectors produce, the objects and
//! outcomes the rules speak of, the report (results, its threat-model part, waivers) and what
//! is computed from reports alone (diffs, exit codes), the benchmarks' id tables and secret
//! masking. No I/O and no rules: every other crate reads these types, this crate reads none of
//! theirs.

/// Gives a type written as a string (a compact record with `Serialize` and `Deserialize` of
/// its own) the schema of a string, inline: the published schema is the same as when the field
/// was a `String`.
macro_rules! schema_of_a_string {
    ($type:ty) => {
        impl schemars::JsonSchema for $type {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                String::schema_name()
            }

            fn schema_id() -> std::borrow::Cow<'static, str> {
                String::schema_id()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                String::json_schema(generator)
            }
        }
    };
}

pub mod benchmark;
pub mod dates;
pub mod diff;
pub mod facts;
pub mod fleet;
pub mod intern;
pub mod model;
pub mod report;
pub mod secrets;
pub mod threat_report;
pub mod topology;
pub mod waiver;
