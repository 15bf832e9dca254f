//! Rules on Dockerfiles: one file per rule.

pub mod shell;

pub mod add_instead_of_copy;
pub mod add_remote_source;
pub mod apk_no_cache;
pub mod apt_no_recommends;
pub mod apt_without_yes;
pub mod base_image_end_of_life;
pub mod base_image_latest;
pub mod base_image_not_pinned;
pub mod base_image_registry;
pub mod cd_in_run;
pub mod chmod_world_writable;
pub mod cmd_shell_form;
pub mod context_without_dockerignore;
pub mod copy_from_floating_image;
pub mod curl_pipe_shell;
pub mod entrypoint_shell_form;
pub mod expose_admin_port;
pub mod maintainer;
pub mod missing_healthcheck;
pub mod missing_pipefail;
pub mod multiple_cmd;
pub mod multiple_entrypoint;
pub mod package_cache_left;
pub mod package_upgrade;
pub mod pip_no_cache;
pub mod platform_hardcoded;
pub mod relative_workdir;
pub mod run_insecure;
pub mod runs_as_root;
pub mod secret_files_copied;
pub mod secrets_in_env;
pub mod secrets_in_run;
pub mod sudo_in_run;
pub mod syntax_error;
pub mod unverified_packages;
pub mod update_alone;

/// Every Dockerfile rule.
pub fn rules() -> Vec<&'static crate::rule::Rule> {
    vec![
        &add_instead_of_copy::RULE,
        &add_remote_source::RULE,
        &apk_no_cache::RULE,
        &apt_no_recommends::RULE,
        &apt_without_yes::RULE,
        &base_image_end_of_life::RULE,
        &base_image_latest::RULE,
        &base_image_not_pinned::RULE,
        &base_image_registry::RULE,
        &cd_in_run::RULE,
        &chmod_world_writable::RULE,
        &cmd_shell_form::RULE,
        &context_without_dockerignore::RULE,
        &copy_from_floating_image::RULE,
        &curl_pipe_shell::RULE,
        &entrypoint_shell_form::RULE,
        &expose_admin_port::RULE,
        &maintainer::RULE,
        &missing_healthcheck::RULE,
        &missing_pipefail::RULE,
        &multiple_cmd::RULE,
        &multiple_entrypoint::RULE,
        &package_cache_left::RULE,
        &package_upgrade::RULE,
        &pip_no_cache::RULE,
        &platform_hardcoded::RULE,
        &relative_workdir::RULE,
        &run_insecure::RULE,
        &runs_as_root::RULE,
        &secret_files_copied::RULE,
        &secrets_in_env::RULE,
        &secrets_in_run::RULE,
        &sudo_in_run::RULE,
        &syntax_error::RULE,
        &unverified_packages::RULE,
        &update_alone::RULE,
    ]
}
