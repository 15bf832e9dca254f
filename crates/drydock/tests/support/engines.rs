//! Extra Docker engines beside the machine's own, for the fleet tests: each a dockerd with its
//! own socket, data and exec roots, pid file, containerd namespace and bridge (never
//! `--bridge none`, which deletes the system engine's docker0), stopped and removed — bridge,
//! mounts and roots — when dropped, also when a test fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct ExtraEngine {
    dir: tempfile::TempDir,
    daemon: Child,
    bridge: String,
    /// `unix:///…/docker.sock`.
    pub socket: String,
    /// `tcp://127.0.0.1:PORT` when it also listens there.
    pub tcp: Option<String>,
}

impl ExtraEngine {
    /// Starts engine number `n` (1–99), also on `tcp_port` when given, and loads the test
    /// image into it.
    pub fn start(n: u8, tcp_port: Option<u16>) -> ExtraEngine {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let bridge = format!("ddeng{}{n}", std::process::id() % 1000);
        let ip = |args: &[&str]| {
            let ok = Command::new("ip")
                .args(args)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "ip {args:?} failed (the tests run as root)");
        };
        ip(&["link", "add", "name", &bridge, "type", "bridge"]);
        ip(&[
            "addr",
            "add",
            &format!("172.31.{}.1/24", 100 + n),
            "dev",
            &bridge,
        ]);
        ip(&["link", "set", &bridge, "up"]);
        std::fs::write(root.join("daemon.json"), "{}").unwrap();
        let socket = format!("unix://{}", root.join("docker.sock").display());
        let mut cmd = Command::new("dockerd");
        cmd.arg("--config-file")
            .arg(root.join("daemon.json"))
            .arg("--data-root")
            .arg(root.join("data"))
            .arg("--exec-root")
            .arg(root.join("exec"))
            .arg("--pidfile")
            .arg(root.join("docker.pid"))
            .args(["-H", &socket])
            .args([
                "--storage-driver",
                "vfs",
                "--iptables=false",
                "--ip-masq=false",
            ])
            .args(["--bridge", &bridge])
            .args(["--containerd-namespace", &format!("ddeng{n}")])
            .args(["--containerd-plugins-namespace", &format!("ddeng{n}p")]);
        let tcp = tcp_port.map(|port| format!("tcp://127.0.0.1:{port}"));
        if let Some(tcp) = &tcp {
            cmd.args(["-H", tcp]);
        }
        let log = std::fs::File::create(root.join("dockerd.log")).unwrap();
        let daemon = cmd
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("dockerd runs");
        let engine = ExtraEngine {
            dir,
            daemon,
            bridge,
            socket,
            tcp,
        };
        let start = Instant::now();
        while !engine.docker(&["version"]).status.success() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "dockerd {n} did not start: {}",
                std::fs::read_to_string(engine.dir.path().join("dockerd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        // The test image, from the machine's engine (no registry).
        let mut save = Command::new("docker")
            .args(["save", "drydock-test/busybox:1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let load = Command::new("docker")
            .args(["-H", &engine.socket, "load", "-q"])
            .stdin(save.stdout.take().unwrap())
            .output()
            .unwrap();
        let _ = save.wait();
        assert!(
            load.status.success(),
            "{}",
            String::from_utf8_lossy(&load.stderr)
        );
        engine
    }

    /// Runs the docker CLI against this engine.
    pub fn docker(&self, args: &[&str]) -> std::process::Output {
        Command::new("docker")
            .args(["-H", &self.socket])
            .args(args)
            .output()
            .unwrap()
    }

    /// A sleeping container named `name`, with these `docker run` flags.
    pub fn container(&self, name: &str, flags: &[&str]) {
        let mut args = vec!["run", "-d", "--name", name];
        args.extend_from_slice(flags);
        args.extend(["drydock-test/busybox:1", "sleep", "600"]);
        let out = self.docker(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for ExtraEngine {
    fn drop(&mut self) {
        let ids = self.docker(&["ps", "-aq"]);
        for id in String::from_utf8_lossy(&ids.stdout).split_whitespace() {
            let _ = self.docker(&["rm", "-f", id]);
        }
        // A clean stop, so that dockerd stops its containerd too.
        let _ = Command::new("kill")
            .arg(self.daemon.id().to_string())
            .status();
        let start = Instant::now();
        while self.daemon.try_wait().ok().flatten().is_none() {
            if start.elapsed() > Duration::from_secs(30) {
                let _ = self.daemon.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.daemon.wait();
        let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
        let mut points: Vec<PathBuf> = mounts
            .lines()
            .filter_map(|l| l.split_whitespace().nth(1))
            .map(PathBuf::from)
            .filter(|p| p.starts_with(self.dir.path()))
            .collect();
        points.sort();
        for point in points.iter().rev() {
            let _ = Command::new("umount").arg("-l").arg(point).status();
        }
        let _ = Command::new("ip")
            .args(["link", "del", &self.bridge])
            .status();
    }
}
