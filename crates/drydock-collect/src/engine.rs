//! Facts read from the Docker Engine API, each endpoint asked once.
//!
//! Every answer is turned into JSON and read by the Engine API's own field names: the typed
//! client models are strict (an enum value they do not know fails the whole call), so when the
//! typed decoding fails the raw payload is read instead, by the same code.

use crate::host::ContainerProcesses;
use bollard::query_parameters::{
    ListContainersOptionsBuilder, ListImagesOptionsBuilder, ListNetworksOptions, ListNodesOptions,
    ListSecretsOptions, ListServicesOptions,
};
use bollard::{ClientVersion, Docker};
use drydock_model::facts::{
    ContainerFacts, DeviceMapping, EngineFacts, ExecFacts, HistoryEntry, ImageFacts, InfoFacts,
    MountFacts, NetworkFacts, PortBinding, Probe, RestartPolicy, SkippedObject, SwarmFacts,
    SwarmInfo, SwarmNode, SwarmService, UlimitFacts, VersionFacts,
};
use drydock_model::secrets::{redact_env, redact_text};
use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::time::Duration;

/// How many objects are inspected at once.
const CONCURRENCY: usize = 32;

/// Why an object listed a moment ago could not be inspected.
const REMOVED: &str = "removed between listing and inspection";

/// How to reach the engine.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Endpoint (`unix:///…`, `tcp://host:port`); `None` picks `DOCKER_HOST`, the system
    /// socket, then the rootless socket.
    pub host: Option<String>,
    /// Timeout for each request.
    pub timeout: Duration,
    /// Only list running containers.
    pub running_only: bool,
    /// Export every local image and read its layers (setuid files, keys).
    pub image_layers: bool,
    /// TLS material (`ca.pem`, `cert.pem`, `key.pem`) for this endpoint, as a docker context
    /// keeps it; `None` follows `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`.
    pub tls_dir: Option<std::path::PathBuf>,
}

/// Something to report while collecting (progress for long audits).
pub trait Progress: Sync {
    /// `done` of `total` objects of a kind were inspected.
    fn step(&self, kind: &str, done: usize, total: usize);
}

/// A progress sink that says nothing.
pub struct Silent;

impl Progress for Silent {
    fn step(&self, _: &str, _: usize, _: usize) {}
}

/// The endpoint drydock will talk to, and why it was chosen.
pub fn choose_endpoint(explicit: Option<&str>) -> (String, &'static str) {
    if let Some(h) = explicit {
        return (h.to_string(), "--docker-host");
    }
    if let Ok(h) = std::env::var("DOCKER_HOST")
        && !h.is_empty()
    {
        return (h, "DOCKER_HOST");
    }
    if std::path::Path::new("/var/run/docker.sock").exists() {
        return ("unix:///var/run/docker.sock".into(), "system socket");
    }
    if let Ok(dir) = std::env::var("XDG_RUNTIME_DIR") {
        let sock = format!("{}/docker.sock", dir.trim_end_matches('/'));
        if std::path::Path::new(&sock).exists() {
            return (format!("unix://{sock}"), "rootless socket");
        }
    }
    ("unix:///var/run/docker.sock".into(), "default")
}

/// Whether an endpoint is another machine's engine, whose host files drydock cannot read here.
/// Unix sockets are this machine's.
pub fn is_remote(endpoint: &str) -> bool {
    !(endpoint.starts_with("unix://") || endpoint.starts_with('/'))
}

fn connect(
    endpoint: &str,
    timeout: Duration,
    tls_dir: Option<&std::path::Path>,
) -> Result<Docker, String> {
    let version = ClientVersion {
        major_version: 1,
        minor_version: 41,
    };
    crate::transport::connect(endpoint, timeout.as_secs().max(1), &version, tls_dir)
}

/// Turns a typed answer into JSON; a payload the typed models rejected is read raw. The
/// deadline covers the whole exchange, the answer's body included: the client's own timeout
/// stops at the headers, so an engine that sends them and stalls would otherwise hang the audit.
async fn as_json<T: Serialize>(
    timeout: Duration,
    call: impl Future<Output = Result<T, bollard::errors::Error>>,
) -> Result<Value, bollard::errors::Error> {
    let Ok(answer) = tokio::time::timeout(timeout, call).await else {
        return Err(bollard::errors::Error::RequestTimeoutError);
    };
    match answer {
        Ok(v) => Ok(serde_json::to_value(v).unwrap_or(Value::Null)),
        Err(bollard::errors::Error::JsonDataError {
            contents,
            message,
            column,
        }) => serde_json::from_str(&contents).map_err(|_| bollard::errors::Error::JsonDataError {
            contents,
            message,
            column,
        }),
        Err(e) => Err(e),
    }
}

fn describe(e: &bollard::errors::Error) -> String {
    match e {
        bollard::errors::Error::DockerResponseServerError {
            status_code,
            message,
        } => format!("HTTP {status_code}: {message}"),
        bollard::errors::Error::RequestTimeoutError => {
            "did not answer within the timeout (--timeout)".to_string()
        }
        bollard::errors::Error::JsonDataError { .. }
        | bollard::errors::Error::JsonSerdeError { .. } => {
            "answered with something that is not the Docker Engine API".to_string()
        }
        other if too_large(other) => crate::transport::AnswerTooLarge.to_string(),
        other => match match other {
            bollard::errors::Error::IOError { err } => Some(err),
            _ => io_cause(other),
        } {
            // The client library's own words ("client error (Connect)") name none of these.
            Some(io) => match io.kind() {
                std::io::ErrorKind::PermissionDenied => "permission denied: the socket belongs to root and the docker group; run drydock as root or as a member of the docker group, or name an endpoint you may use with --docker-host".to_string(),
                std::io::ErrorKind::ConnectionRefused => {
                    "connection refused: nothing answers there (is dockerd running?)".to_string()
                }
                std::io::ErrorKind::NotFound => "no such socket".to_string(),
                std::io::ErrorKind::TimedOut => {
                    "did not answer within the timeout (--timeout)".to_string()
                }
                _ => crate::root::describe(io),
            },
            None => other.to_string(),
        },
    }
}

/// Whether the answer was cut at [`crate::transport::ANSWER_CAP`].
fn too_large(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<crate::transport::AnswerTooLarge>() {
            return true;
        }
        if c.downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .is_some_and(|inner| inner.is::<crate::transport::AnswerTooLarge>())
        {
            return true;
        }
        cause = c.source();
    }
    false
}

/// The operating system's error behind a client error, when there is one.
fn io_cause<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut cause = e.source();
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        cause = c.source();
    }
    None
}

fn is_not_found(e: &bollard::errors::Error) -> bool {
    matches!(
        e,
        bollard::errors::Error::DockerResponseServerError {
            status_code: 404,
            ..
        }
    )
}

/// Collects every engine fact. `Err` means the engine could not be reached at all.
///
/// `host_processes` yields the host's processes by container once the host collector has read
/// `/proc`; a running container found there is not asked for its process list.
pub async fn collect_engine(
    options: &EngineOptions,
    progress: &dyn Progress,
    host_processes: std::sync::mpsc::Receiver<ContainerProcesses>,
) -> Result<EngineFacts, String> {
    let (endpoint, _) = choose_endpoint(options.host.as_deref());
    let timeout = options.timeout;
    let docker = connect(&endpoint, timeout, options.tls_dir.as_deref())?;
    let docker = tokio::time::timeout(options.timeout, docker.negotiate_version())
        .await
        .map_err(|_| {
            format!(
                "{endpoint} did not answer within {} s",
                options.timeout.as_secs()
            )
        })?
        .map_err(|e| format!("{endpoint}: {}", describe(&e)))?;
    let api_version = docker.client_version().to_string();

    let (version, info) = tokio::join!(
        as_json(timeout, docker.version()),
        as_json(timeout, docker.info())
    );
    let version = version.map_err(|e| format!("GET /version: {}", describe(&e)))?;
    let info = info.map_err(|e| format!("GET /info: {}", describe(&e)))?;
    let list_options = ListContainersOptionsBuilder::new()
        .all(!options.running_only)
        .build();
    let (containers, images, networks) = tokio::join!(
        as_json(timeout, docker.list_containers(Some(list_options))),
        as_json(
            timeout,
            docker.list_images(Some(ListImagesOptionsBuilder::new().all(false).build()))
        ),
        as_json(timeout, docker.list_networks(None::<ListNetworksOptions>)),
    );
    let containers = containers.map_err(|e| format!("GET /containers/json: {}", describe(&e)))?;
    let images = images.map_err(|e| format!("GET /images/json: {}", describe(&e)))?;
    let networks = networks.map_err(|e| format!("GET /networks: {}", describe(&e)))?;

    let container_ids: Vec<String> = array(&containers)
        .iter()
        .filter_map(|c| str_at(c, "/Id"))
        .collect();
    // Names as listed, for objects that vanish before they are inspected.
    let listed_names: HashMap<String, String> = array(&containers)
        .iter()
        .filter_map(|c| {
            let name = str_at(c, "/Names/0")?;
            Some((str_at(c, "/Id")?, name.trim_start_matches('/').to_string()))
        })
        .chain(
            array(&images)
                .iter()
                .filter_map(|i| Some((str_at(i, "/Id")?, str_at(i, "/RepoTags/0")?))),
        )
        .collect();
    // The host's /proc is read on another thread meanwhile; without it every container is asked.
    let host_processes = host_processes.recv().unwrap_or_default();
    let host_processes = &host_processes;
    let total = container_ids.len();
    let mut skipped = Vec::new();
    let mut container_facts = Vec::with_capacity(total);
    let mut done = 0;
    let mut inspected = stream::iter(container_ids.iter().cloned())
        .map(|id| {
            let docker = docker.clone();
            async move {
                (
                    id.clone(),
                    inspect_container(&docker, &id, host_processes.get(&id), timeout).await,
                )
            }
        })
        .buffer_unordered(CONCURRENCY);
    while let Some((id, result)) = inspected.next().await {
        done += 1;
        progress.step("containers", done, total);
        match result {
            Ok(c) => container_facts.push(c),
            Err(reason) => skipped.push(SkippedObject {
                kind: "container".into(),
                name: listed_names.get(&id).cloned(),
                id,
                removed: reason == REMOVED,
                reason,
            }),
        }
    }
    container_facts.sort_by(|a, b| a.name.cmp(&b.name));

    let image_ids: Vec<String> = array(&images)
        .iter()
        .filter_map(|i| str_at(i, "/Id"))
        .collect();
    let total = image_ids.len();
    let mut image_facts = Vec::with_capacity(total);
    let mut done = 0;
    let mut inspected = stream::iter(image_ids.iter().cloned())
        .map(|id| {
            let docker = docker.clone();
            async move { (id.clone(), inspect_image(&docker, &id, timeout).await) }
        })
        .buffer_unordered(CONCURRENCY);
    while let Some((id, result)) = inspected.next().await {
        done += 1;
        progress.step("images", done, total);
        match result {
            Ok(i) => image_facts.push(i),
            Err(reason) => skipped.push(SkippedObject {
                kind: "image".into(),
                name: listed_names.get(&id).cloned(),
                id,
                removed: reason == REMOVED,
                reason,
            }),
        }
    }
    for image in &mut image_facts {
        image.used_by = container_facts
            .iter()
            .filter(|c| c.image_id == image.id)
            .map(|c| c.id.clone())
            .collect();
    }
    image_facts.sort_by(|a, b| {
        a.repo_tags
            .first()
            .cmp(&b.repo_tags.first())
            .then(a.id.cmp(&b.id))
    });

    let mut image_layers = Vec::new();
    if options.image_layers {
        let total = image_facts.len();
        for (done, image) in image_facts.iter().enumerate() {
            progress.step("image layers", done + 1, total);
            let name = image
                .repo_tags
                .iter()
                .find(|t| *t != "<none>:<none>")
                .cloned()
                .unwrap_or_else(|| image.id.clone());
            let mut layers =
                export_layers(&docker, &image.id, format!("docker-image:{name}")).await;
            // An export by id carries no tags: name the image as people know it.
            for archived in &mut layers.images {
                archived.name = name.clone();
            }
            image_layers.push(layers);
        }
    }
    let info_facts = read_info(&info);
    let swarm =
        if info_facts.swarm.control_available && info_facts.swarm.local_node_state == "active" {
            Some(collect_swarm(&docker, timeout).await)
        } else {
            None
        };
    Ok(EngineFacts {
        endpoint,
        api_version,
        version: read_version(&version),
        info: info_facts,
        containers: container_facts,
        skipped,
        images: image_facts,
        networks: {
            let mut n: Vec<NetworkFacts> = array(&networks).iter().map(read_network).collect();
            n.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            n
        },
        swarm,
        running_only: options.running_only,
        image_layers,
    })
}

/// Streams `GET /images/{id}/get` through the archive reader on another thread: the export is
/// never held in memory or written to disk.
async fn export_layers(
    docker: &Docker,
    id: &str,
    shown: String,
) -> drydock_model::facts::ImageArchiveFacts {
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
    let reader_name = shown.clone();
    let reader = std::thread::spawn(move || {
        crate::archive::read_stream(
            ChannelReader {
                receiver,
                chunk: Vec::new(),
                at: 0,
            },
            reader_name,
        )
    });
    let mut stream = docker.export_image(id);
    let mut problem = None;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(bytes) => {
                if sender.send(bytes.to_vec()).is_err() {
                    break;
                }
            }
            Err(e) => {
                problem = Some(format!("export failed: {}", describe(&e)));
                break;
            }
        }
    }
    drop(sender);
    let mut facts = reader
        .join()
        .unwrap_or_else(|_| drydock_model::facts::ImageArchiveFacts {
            path: shown,
            images: Vec::new(),
            problems: vec!["the layer reader stopped unexpectedly".into()],
        });
    facts.problems.extend(problem);
    facts
}

/// A `Read` over chunks arriving on a channel.
struct ChannelReader {
    receiver: std::sync::mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
}

impl std::io::Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.chunk.len() {
            match self.receiver.recv() {
                Ok(next) => {
                    self.chunk = next;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

async fn inspect_container(
    docker: &Docker,
    id: &str,
    on_host: Option<&Vec<String>>,
    timeout: Duration,
) -> Result<ContainerFacts, String> {
    let raw = match as_json(timeout, docker.inspect_container(id, None)).await {
        Ok(v) => v,
        Err(e) if is_not_found(&e) => return Err(REMOVED.into()),
        Err(e) => return Err(describe(&e)),
    };
    let mut c = read_container(&raw);
    c.processes = if let (true, Some(list)) = (c.running, on_host) {
        c.process_source = "/proc of the host (by cgroup)".into();
        let mut list = list.clone();
        list.sort();
        Probe::of(list)
    } else if c.running {
        c.process_source = "GET /containers/{id}/top".into();
        match as_json(timeout, docker.top_processes(id, None)).await {
            Ok(top) => {
                let titles: Vec<String> = array_at(&top, "/Titles")
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect();
                let cmd_col = titles
                    .iter()
                    .position(|t| t == "CMD" || t == "COMMAND")
                    .unwrap_or(titles.len().saturating_sub(1));
                Probe::of(
                    array_at(&top, "/Processes")
                        .iter()
                        .filter_map(|p| p.get(cmd_col).and_then(|v| v.as_str()).map(str::to_string))
                        .collect(),
                )
            }
            Err(e) => Probe::unavailable(describe(&e)),
        }
    } else {
        Probe::unavailable("not running")
    };
    for exec_id in array_at(&raw, "/ExecIDs").iter().filter_map(|v| v.as_str()) {
        if let Ok(e) = as_json(timeout, docker.inspect_exec(exec_id)).await {
            let mut command: Vec<String> = str_at(&e, "/ProcessConfig/entrypoint")
                .into_iter()
                .collect();
            command.extend(strings_at(&e, "/ProcessConfig/arguments"));
            c.execs.push(ExecFacts {
                id: exec_id.to_string(),
                privileged: bool_at(&e, "/ProcessConfig/privileged"),
                user: str_at(&e, "/ProcessConfig/user").unwrap_or_default(),
                command: command.iter().map(|a| redact_text(a)).collect(),
            });
        }
    }
    Ok(c)
}

async fn inspect_image(docker: &Docker, id: &str, timeout: Duration) -> Result<ImageFacts, String> {
    let (raw, history) = tokio::join!(
        as_json(timeout, docker.inspect_image(id)),
        as_json(timeout, docker.image_history(id))
    );
    let raw = match raw {
        Ok(v) => v,
        Err(e) if is_not_found(&e) => return Err(REMOVED.into()),
        Err(e) => return Err(describe(&e)),
    };
    let mut image = read_image(&raw);
    image.history = match history {
        Ok(h) => array(&h)
            .iter()
            .map(|e| HistoryEntry {
                created_by: redact_text(&str_at(e, "/CreatedBy").unwrap_or_default()),
                empty_layer: e.get("Size").and_then(Value::as_i64) == Some(0),
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    Ok(image)
}

async fn collect_swarm(docker: &Docker, timeout: Duration) -> SwarmFacts {
    let (swarm, nodes, services, secrets) = tokio::join!(
        as_json(timeout, docker.inspect_swarm()),
        as_json(timeout, docker.list_nodes(None::<ListNodesOptions>)),
        as_json(timeout, docker.list_services(None::<ListServicesOptions>)),
        as_json(timeout, docker.list_secrets(None::<ListSecretsOptions>)),
    );
    let swarm = swarm.unwrap_or(Value::Null);
    SwarmFacts {
        autolock_managers: swarm
            .pointer("/Spec/EncryptionConfig/AutoLockManagers")
            .and_then(Value::as_bool),
        node_cert_expiry_ns: swarm
            .pointer("/Spec/CAConfig/NodeCertExpiry")
            .and_then(Value::as_i64),
        root_rotation_in_progress: swarm
            .pointer("/RootRotationInProgress")
            .and_then(Value::as_bool),
        data_path_port: swarm
            .pointer("/DataPathPort")
            .and_then(Value::as_u64)
            .map(|p| p as u32),
        nodes: nodes
            .map(|n| {
                array(&n)
                    .iter()
                    .map(|n| SwarmNode {
                        id: str_at(n, "/ID").unwrap_or_default(),
                        hostname: str_at(n, "/Description/Hostname").unwrap_or_default(),
                        role: str_at(n, "/Spec/Role").unwrap_or_default(),
                        manager_reachability: str_at(n, "/ManagerStatus/Reachability"),
                        addr: str_at(n, "/Status/Addr"),
                        manager_addr: str_at(n, "/ManagerStatus/Addr"),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        secrets: match secrets {
            Ok(s) => Probe::of(array(&s).len()),
            Err(e) => Probe::unavailable(describe(&e)),
        },
        services: services
            .map(|s| {
                array(&s)
                    .iter()
                    .map(|s| SwarmService {
                        id: str_at(s, "/ID").unwrap_or_default(),
                        name: str_at(s, "/Spec/Name").unwrap_or_default(),
                        published_ports: array_at(s, "/Endpoint/Ports")
                            .iter()
                            .map(|p| {
                                format!(
                                    "{}:{}/{} ({})",
                                    p.get("PublishedPort").and_then(Value::as_u64).unwrap_or(0),
                                    p.get("TargetPort").and_then(Value::as_u64).unwrap_or(0),
                                    p.get("Protocol").and_then(Value::as_str).unwrap_or("tcp"),
                                    p.get("PublishMode")
                                        .and_then(Value::as_str)
                                        .unwrap_or("ingress")
                                )
                            })
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn array(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn array_at<'a>(v: &'a Value, pointer: &str) -> &'a [Value] {
    v.pointer(pointer).map(array).unwrap_or_default()
}

fn str_at(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn string_at(v: &Value, pointer: &str) -> String {
    str_at(v, pointer).unwrap_or_default()
}

fn strings_at(v: &Value, pointer: &str) -> Vec<String> {
    array_at(v, pointer)
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn bool_at(v: &Value, pointer: &str) -> bool {
    v.pointer(pointer).and_then(Value::as_bool).unwrap_or(false)
}

fn int_at(v: &Value, pointer: &str) -> i64 {
    v.pointer(pointer).and_then(Value::as_i64).unwrap_or(0)
}

fn read_version(v: &Value) -> VersionFacts {
    VersionFacts {
        version: string_at(v, "/Version"),
        api_version: string_at(v, "/ApiVersion"),
        min_api_version: str_at(v, "/MinAPIVersion"),
        experimental: v.pointer("/Experimental").and_then(Value::as_bool),
        os: string_at(v, "/Os"),
        kernel_version: str_at(v, "/KernelVersion"),
    }
}

fn read_info(v: &Value) -> InfoFacts {
    let index_insecure = v
        .pointer("/RegistryConfig/IndexConfigs")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, c)| c.get("Secure").and_then(Value::as_bool) == Some(false))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default();
    InfoFacts {
        name: string_at(v, "/Name"),
        docker_root_dir: string_at(v, "/DockerRootDir"),
        driver: string_at(v, "/Driver"),
        logging_driver: string_at(v, "/LoggingDriver"),
        cgroup_driver: str_at(v, "/CgroupDriver"),
        live_restore_enabled: v.pointer("/LiveRestoreEnabled").and_then(Value::as_bool),
        experimental_build: v.pointer("/ExperimentalBuild").and_then(Value::as_bool),
        security_options: strings_at(v, "/SecurityOptions"),
        authorization_plugins: strings_at(v, "/Plugins/Authorization"),
        insecure_registry_cidrs: strings_at(v, "/RegistryConfig/InsecureRegistryCIDRs"),
        insecure_registries: index_insecure,
        containers: v
            .pointer("/Containers")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        containers_running: v
            .pointer("/ContainersRunning")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        images: v.pointer("/Images").and_then(Value::as_u64).unwrap_or(0),
        swarm: SwarmInfo {
            local_node_state: string_at(v, "/Swarm/LocalNodeState"),
            control_available: bool_at(v, "/Swarm/ControlAvailable"),
            node_id: str_at(v, "/Swarm/NodeID").filter(|s| !s.is_empty()),
            node_addr: str_at(v, "/Swarm/NodeAddr").filter(|s| !s.is_empty()),
            managers: v.pointer("/Swarm/Managers").and_then(Value::as_u64),
            nodes: v.pointer("/Swarm/Nodes").and_then(Value::as_u64),
        },
    }
}

fn read_ports(v: &Value, running: bool) -> Vec<PortBinding> {
    // A running container's NetworkSettings.Ports shows what is bound now (engine-chosen ports
    // resolved); a stopped one has only its configured PortBindings.
    let source = if running {
        "/NetworkSettings/Ports"
    } else {
        "/HostConfig/PortBindings"
    };
    let mut out = Vec::new();
    if let Some(map) = v.pointer(source).and_then(Value::as_object) {
        for (container_port, bindings) in map {
            for b in array(bindings) {
                out.push(PortBinding {
                    container_port: container_port.clone(),
                    host_ip: string_at(b, "/HostIp"),
                    host_port: string_at(b, "/HostPort"),
                });
            }
        }
    }
    out
}

/// Reads a container from its inspect JSON. Lists the engine builds from Go maps (mounts,
/// ports, networks) come in random order, so they are sorted: the same container gives the
/// same facts every time.
pub fn read_container(v: &Value) -> ContainerFacts {
    let mut c = read_container_unsorted(v);
    c.mounts.sort_by(|a, b| {
        a.destination
            .cmp(&b.destination)
            .then(a.source.cmp(&b.source))
    });
    c.ports.sort_by(|a, b| {
        (&a.container_port, &a.host_ip, &a.host_port).cmp(&(
            &b.container_port,
            &b.host_ip,
            &b.host_port,
        ))
    });
    c.networks.sort();
    c
}

fn read_container_unsorted(v: &Value) -> ContainerFacts {
    let running = bool_at(v, "/State/Running");
    ContainerFacts {
        id: string_at(v, "/Id"),
        name: string_at(v, "/Name").trim_start_matches('/').to_string(),
        image: string_at(v, "/Config/Image"),
        image_id: string_at(v, "/Image"),
        running,
        state: string_at(v, "/State/Status"),
        user: string_at(v, "/Config/User"),
        privileged: bool_at(v, "/HostConfig/Privileged"),
        cap_add: strings_at(v, "/HostConfig/CapAdd"),
        cap_drop: strings_at(v, "/HostConfig/CapDrop"),
        security_opt: strings_at(v, "/HostConfig/SecurityOpt"),
        apparmor_profile: string_at(v, "/AppArmorProfile"),
        process_label: string_at(v, "/ProcessLabel"),
        mounts: array_at(v, "/Mounts")
            .iter()
            .map(|m| MountFacts {
                kind: string_at(m, "/Type"),
                source: string_at(m, "/Source"),
                destination: string_at(m, "/Destination"),
                rw: bool_at(m, "/RW"),
                propagation: string_at(m, "/Propagation"),
            })
            .collect(),
        network_mode: string_at(v, "/HostConfig/NetworkMode"),
        pid_mode: string_at(v, "/HostConfig/PidMode"),
        ipc_mode: string_at(v, "/HostConfig/IpcMode"),
        uts_mode: string_at(v, "/HostConfig/UTSMode"),
        userns_mode: string_at(v, "/HostConfig/UsernsMode"),
        cgroup_parent: string_at(v, "/HostConfig/CgroupParent"),
        memory: int_at(v, "/HostConfig/Memory"),
        cpu_shares: int_at(v, "/HostConfig/CpuShares"),
        nano_cpus: int_at(v, "/HostConfig/NanoCpus"),
        cpu_quota: int_at(v, "/HostConfig/CpuQuota"),
        cpuset_cpus: string_at(v, "/HostConfig/CpusetCpus"),
        pids_limit: v.pointer("/HostConfig/PidsLimit").and_then(Value::as_i64),
        readonly_rootfs: bool_at(v, "/HostConfig/ReadonlyRootfs"),
        restart_policy: RestartPolicy {
            name: string_at(v, "/HostConfig/RestartPolicy/Name"),
            maximum_retry_count: int_at(v, "/HostConfig/RestartPolicy/MaximumRetryCount"),
        },
        ports: read_ports(v, running),
        devices: array_at(v, "/HostConfig/Devices")
            .iter()
            .map(|d| DeviceMapping {
                path_on_host: string_at(d, "/PathOnHost"),
                path_in_container: string_at(d, "/PathInContainer"),
                permissions: string_at(d, "/CgroupPermissions"),
            })
            .collect(),
        ulimits: array_at(v, "/HostConfig/Ulimits")
            .iter()
            .map(|u| UlimitFacts {
                name: string_at(u, "/Name"),
                soft: int_at(u, "/Soft"),
                hard: int_at(u, "/Hard"),
            })
            .collect(),
        healthcheck: v
            .pointer("/Config/Healthcheck/Test")
            .map(|_| strings_at(v, "/Config/Healthcheck/Test")),
        health_status: str_at(v, "/State/Health/Status"),
        networks: v
            .pointer("/NetworkSettings/Networks")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
        processes: Probe::unavailable("not collected"),
        process_source: String::new(),
        execs: Vec::new(),
        labels: v
            .pointer("/Config/Labels")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect::<BTreeMap<_, _>>()
            })
            .unwrap_or_default(),
    }
}

/// Reads an image from its inspect JSON (history is added separately).
pub fn read_image(v: &Value) -> ImageFacts {
    ImageFacts {
        id: string_at(v, "/Id"),
        repo_tags: strings_at(v, "/RepoTags"),
        repo_digests: strings_at(v, "/RepoDigests"),
        created: string_at(v, "/Created"),
        user: string_at(v, "/Config/User"),
        healthcheck: v
            .pointer("/Config/Healthcheck/Test")
            .map(|_| strings_at(v, "/Config/Healthcheck/Test")),
        env: strings_at(v, "/Config/Env")
            .iter()
            .map(|e| redact_env(e))
            .collect(),
        history: Vec::new(),
        used_by: Vec::new(),
    }
}

fn read_network(v: &Value) -> NetworkFacts {
    NetworkFacts {
        id: string_at(v, "/Id"),
        name: string_at(v, "/Name"),
        driver: string_at(v, "/Driver"),
        scope: string_at(v, "/Scope"),
        options: v
            .pointer("/Options")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default(),
        ingress: bool_at(v, "/Ingress"),
        containers: {
            let mut ids: Vec<String> = v
                .pointer("/Containers")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            ids.sort();
            ids
        },
    }
}

/// A change `docker update` makes to a running container.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerUpdate {
    /// Memory limit in bytes.
    pub memory: Option<i64>,
    /// CPU shares.
    pub cpu_shares: Option<i64>,
    /// PIDs limit.
    pub pids_limit: Option<i64>,
    /// `on-failure` with this many retries.
    pub restart_on_failure: Option<i64>,
}

/// Applies an update to a container through the Engine API (`POST /containers/{id}/update`).
pub fn update_container(
    endpoint: Option<&str>,
    timeout: Duration,
    container: &str,
    update: &ContainerUpdate,
) -> Result<(), String> {
    use bollard::models::{ContainerUpdateBody, RestartPolicy, RestartPolicyNameEnum};
    let (endpoint, _) = choose_endpoint(endpoint);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the I/O runtime: {e}"))?;
    runtime.block_on(async {
        let docker = connect(&endpoint, timeout, None)?;
        let body = ContainerUpdateBody {
            memory: update.memory,
            // What `docker run --memory` does when no swap limit is given: swap up to the same
            // size again. The Engine refuses a memory limit above an existing swap limit.
            memory_swap: update.memory.map(|m| m.saturating_mul(2)),
            cpu_shares: update.cpu_shares,
            pids_limit: update.pids_limit,
            restart_policy: update.restart_on_failure.map(|n| RestartPolicy {
                name: Some(RestartPolicyNameEnum::ON_FAILURE),
                maximum_retry_count: Some(n),
            }),
            ..Default::default()
        };
        tokio::time::timeout(timeout, docker.update_container(container, body))
            .await
            .map_err(|_| format!("{endpoint} did not answer within {} s", timeout.as_secs()))?
            .map_err(|e| format!("POST /containers/{container}/update: {}", describe(&e)))
    })
}
