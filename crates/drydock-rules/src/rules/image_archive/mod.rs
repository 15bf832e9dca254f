//! Rules on images read from archives: one file per rule.

pub mod archived;
pub mod vulnerabilities;

pub mod admin_port;
pub mod end_of_life;
pub mod known_vulnerabilities;
pub mod no_healthcheck;
pub mod runs_as_root;
pub mod secret_env;
pub mod secret_files;
pub mod setuid_files;

/// Every archived-image rule.
pub fn rules() -> Vec<&'static crate::rule::Rule> {
    vec![
        &admin_port::RULE,
        &end_of_life::RULE,
        &known_vulnerabilities::RULE,
        &no_healthcheck::RULE,
        &runs_as_root::RULE,
        &secret_env::RULE,
        &secret_files::RULE,
        &setuid_files::RULE,
    ]
}
