//! Effective settings: what dockerd and the Kubernetes node components really run with, from
//! their command lines, configuration files, environment files and defaults, in each
//! program's own order of precedence; and the host paths the CIS benchmarks name. Pure
//! functions of facts: the collectors use the path lists to know what to read, the rules use
//! the views to judge.

pub mod daemon;
pub mod kube_node;
pub mod kubelet;
pub mod paths;
