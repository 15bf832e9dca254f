//! drydock's core: facts, rules, findings and reports. Nothing here does I/O; the collectors
//! produce [`facts::Facts`], the rules judge them, and the reporters render a [`report::Report`].

pub mod benchmark;
pub mod config;
pub mod daemon;
pub mod diff;
pub mod evidence;
pub mod facts;
pub mod fix;
pub mod kube_node;
pub mod kubelet;
pub mod model;
pub mod paths;
pub mod project;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
pub mod secrets;
pub mod threat;
