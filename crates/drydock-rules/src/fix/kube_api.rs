//! The API server's and the kubelet's own checks of a pod's security settings that a schema
//! cannot express (fields that are valid alone and refused together). A fix must never write
//! what they refuse: a manifest `kubectl apply` rejects, or a pod the kubelet will not start,
//! is worse than the finding it fixed.

use drydock_parse::yaml::parse_stream;
use serde_json::Value;

/// Fields of a container's `securityContext` that a Windows pod may not set.
const LINUX_ONLY_CONTAINER: &[&str] = &[
    "seLinuxOptions",
    "seccompProfile",
    "capabilities",
    "readOnlyRootFilesystem",
    "privileged",
    "allowPrivilegeEscalation",
    "procMount",
    "runAsUser",
    "runAsGroup",
    "appArmorProfile",
];

/// Fields of a pod's `securityContext` that a Windows pod may not set.
const LINUX_ONLY_POD: &[&str] = &[
    "seLinuxOptions",
    "seccompProfile",
    "fsGroup",
    "fsGroupChangePolicy",
    "sysctls",
    "runAsUser",
    "runAsGroup",
    "supplementalGroups",
    "appArmorProfile",
];

/// What the API server or the kubelet would refuse in these manifests, one sentence each.
pub fn problems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for document in parse_stream(text) {
        let Some(root) = document.root else { continue };
        let root = root.to_json();
        let objects: Vec<&Value> = match root["kind"].as_str() {
            Some("List") => root["items"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            _ => vec![&root],
        };
        for object in objects {
            check_object(object, &mut out);
        }
    }
    out
}

fn pod_spec(object: &Value) -> Option<&Value> {
    let pointer = match object["kind"].as_str()? {
        "Pod" => "/spec",
        "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "ReplicationController" => "/spec/template/spec",
        "CronJob" => "/spec/jobTemplate/spec/template/spec",
        "PodTemplate" => "/template/spec",
        _ => return None,
    };
    object.pointer(pointer)
}

fn check_object(object: &Value, out: &mut Vec<String>) {
    let Some(spec) = pod_spec(object) else { return };
    let name = format!(
        "{} {}",
        object["kind"].as_str().unwrap_or(""),
        object["metadata"]["name"].as_str().unwrap_or("")
    );
    let pod = &spec["securityContext"];
    let windows = spec["os"]["name"].as_str() == Some("windows");
    if windows {
        for field in LINUX_ONLY_POD {
            if !pod[field].is_null() {
                out.push(format!(
                    "{name}: a Windows pod may not set securityContext.{field} (the API server refuses it)"
                ));
            }
        }
    }
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for container in spec[list].as_array().into_iter().flatten() {
            let who = format!(
                "{name}, container {}",
                container["name"].as_str().unwrap_or("")
            );
            let sc = &container["securityContext"];
            let no_escalation = sc["allowPrivilegeEscalation"].as_bool() == Some(false);
            if no_escalation && sc["privileged"].as_bool() == Some(true) {
                out.push(format!(
                    "{who}: allowPrivilegeEscalation: false beside privileged: true (the API server refuses it)"
                ));
            }
            let adds_sys_admin = sc["capabilities"]["add"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|c| {
                    c.eq_ignore_ascii_case("SYS_ADMIN") || c.eq_ignore_ascii_case("CAP_SYS_ADMIN")
                });
            if no_escalation && adds_sys_admin {
                out.push(format!(
                    "{who}: allowPrivilegeEscalation: false beside an added SYS_ADMIN capability (the API server refuses it)"
                ));
            }
            let non_root = sc["runAsNonRoot"]
                .as_bool()
                .or_else(|| pod["runAsNonRoot"].as_bool());
            let user = sc["runAsUser"]
                .as_i64()
                .or_else(|| pod["runAsUser"].as_i64());
            if non_root == Some(true) && user == Some(0) {
                out.push(format!(
                    "{who}: runAsNonRoot: true with runAsUser: 0 (the kubelet refuses to start it)"
                ));
            }
            if windows {
                for field in LINUX_ONLY_CONTAINER {
                    if !sc[field].is_null() {
                        out.push(format!(
                            "{who}: a Windows pod's container may not set securityContext.{field} (the API server refuses it)"
                        ));
                    }
                }
            }
        }
    }
}

/// What `after` would have refused that `before` did not.
pub fn new_problems(before: &str, after: &str) -> Vec<String> {
    let old = problems(before);
    problems(after)
        .into_iter()
        .filter(|p| !old.contains(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_the_api_server_refuses_are_named() {
        let pod = |container_sc: &str, pod_extra: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{pod_extra}  containers:\n  - name: c\n    image: x:1\n    securityContext: {container_sc}\n"
            )
        };
        assert!(problems(&pod("{privileged: true}", "")).is_empty());
        assert_eq!(
            problems(&pod(
                "{privileged: true, allowPrivilegeEscalation: false}",
                ""
            ))
            .len(),
            1
        );
        assert_eq!(
            problems(&pod(
                "{allowPrivilegeEscalation: false, capabilities: {add: [SYS_ADMIN]}}",
                ""
            ))
            .len(),
            1
        );
        assert_eq!(
            problems(&pod(
                "{runAsNonRoot: true}",
                "  securityContext: {runAsUser: 0}\n"
            ))
            .len(),
            1
        );
        // The container's own user wins over the pod's.
        assert!(
            problems(&pod(
                "{runAsNonRoot: true, runAsUser: 1000}",
                "  securityContext: {runAsUser: 0}\n"
            ))
            .is_empty()
        );
        assert_eq!(
            problems(&pod(
                "{seccompProfile: {type: RuntimeDefault}}",
                "  os: {name: windows}\n"
            ))
            .len(),
            1
        );
        let before = pod("{privileged: true}", "");
        let after = pod("{privileged: true, allowPrivilegeEscalation: false}", "");
        assert_eq!(new_problems(&before, &after).len(), 1);
        assert!(new_problems(&after, &after).is_empty());
    }
}
