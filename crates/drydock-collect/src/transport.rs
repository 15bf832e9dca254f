//! How requests reach the engine: one connection per request, over a stream that stops
//! reading after a set number of bytes.
//!
//! The client library reads every answer whole into memory, and has no limit of its own: an
//! endpoint that answers with a gigabyte made the audit allocate five and abort. Each request
//! gets its own connection here, so the bytes read on the connection are the bytes of that one
//! answer, and the cap on the stream is a cap on the answer. Past the cap the read fails with
//! [`AnswerTooLarge`], which [`crate::engine`] reports as the fact's reason. The image export
//! (a tar stream read as it arrives, with its own guards) is the one request without a cap.
//! At most [`IN_FLIGHT`] requests are open at once.

use bollard::errors::Error;
use bollard::{BollardRequest, ClientVersion, Docker};
use hyper::Response;
use hyper::body::Incoming;
use hyper::header::{HOST, HeaderValue};
use hyper_util::rt::TokioIo;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The most an engine answer may hold. The largest real answers (`/containers/json` on a host
/// with 10,000 containers, an inspect with a long environment) are a few MiB.
pub const ANSWER_CAP: u64 = 64 * 1024 * 1024;

/// The error a capped stream gives when an answer is longer than [`ANSWER_CAP`].
#[derive(Debug)]
pub struct AnswerTooLarge;

impl std::fmt::Display for AnswerTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the answer is larger than {} MiB, the most drydock reads of one answer",
            ANSWER_CAP / (1024 * 1024)
        )
    }
}

impl std::error::Error for AnswerTooLarge {}

/// Where the engine listens.
enum Dial {
    Unix(PathBuf),
    Tcp(String),
    /// `ssh://[user@]host[:port]`: an `ssh` process running `docker system dial-stdio` on the
    /// host, as the docker CLI does; its standard input and output are the connection.
    Ssh {
        destination: String,
        port: Option<String>,
    },
    Tls {
        address: String,
        server_name: rustls::pki_types::ServerName<'static>,
        config: Arc<rustls::ClientConfig>,
    },
}

/// The most requests in flight at once, whatever the caller asks: an engine behind a small
/// listen queue refused most of 10,000 simultaneous inspections.
pub const IN_FLIGHT: usize = 32;

struct Transport {
    dial: Arc<Dial>,
    in_flight: Arc<tokio::sync::Semaphore>,
}

/// A client for `endpoint` (`unix://`, a socket path, `tcp://`, `http://`, `https://`,
/// `ssh://`).
/// `tcp://` is TLS when `DOCKER_TLS_VERIFY` is set, as for the docker CLI; the key, certificate
/// and CA are read from `DOCKER_CERT_PATH` (default `~/.docker`), or from `tls_dir` (a docker
/// context's TLS material), which also makes `tcp://` TLS.
pub fn connect(
    endpoint: &str,
    timeout_secs: u64,
    version: &ClientVersion,
    tls_dir: Option<&std::path::Path>,
) -> Result<Docker, String> {
    let dial = if let Some(path) = endpoint.strip_prefix("unix://") {
        Dial::Unix(PathBuf::from(path))
    } else if let Some(rest) = endpoint.strip_prefix("ssh://") {
        let rest = rest.trim_end_matches('/');
        // `user@host:port`; an IPv6 host is written in brackets.
        let (destination, port) = match rest.rsplit_once(':') {
            Some((host, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => {
                (host.to_string(), Some(port.to_string()))
            }
            _ => (rest.to_string(), None),
        };
        if destination.is_empty() || destination.starts_with('-') {
            return Err(format!("{endpoint}: no host to connect to"));
        }
        Dial::Ssh { destination, port }
    } else if endpoint.starts_with('/') {
        Dial::Unix(PathBuf::from(endpoint))
    } else if let Some(rest) = endpoint
        .strip_prefix("tcp://")
        .or_else(|| endpoint.strip_prefix("http://"))
        .or_else(|| endpoint.strip_prefix("https://"))
    {
        let address = rest.trim_end_matches('/').to_string();
        let verify = std::env::var("DOCKER_TLS_VERIFY").is_ok_and(|v| !v.is_empty());
        if let Some(dir) = tls_dir {
            tls_dial(endpoint, address, dir.to_path_buf())?
        } else if verify || endpoint.starts_with("https://") {
            let dir = std::env::var("DOCKER_CERT_PATH")
                .map(PathBuf::from)
                .unwrap_or_else(|_| {
                    PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".docker")
                });
            tls_dial(endpoint, address, dir)?
        } else {
            Dial::Tcp(address)
        }
    } else {
        return Err(format!(
            "unsupported Docker endpoint {endpoint} (use unix://, tcp://, https:// or ssh://)"
        ));
    };
    let transport = Transport {
        dial: Arc::new(dial),
        in_flight: Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT)),
    };
    Docker::connect_with_custom_transport(
        move |request| transport.request(request),
        Some("http://docker"),
        timeout_secs,
        version,
    )
    .map_err(|e| format!("cannot connect to {endpoint}: {e}"))
}

fn tls_dial(endpoint: &str, address: String, dir: PathBuf) -> Result<Dial, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
    let read_certs = |name: &str| -> Result<Vec<CertificateDer<'static>>, String> {
        let path = dir.join(name);
        CertificateDer::pem_file_iter(&path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("cannot read {} for {endpoint}: {e}", path.display()))
    };
    let mut roots = rustls::RootCertStore::empty();
    for cert in read_certs("ca.pem")? {
        roots
            .add(cert)
            .map_err(|e| format!("{}/ca.pem: {e}", dir.display()))?;
    }
    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots);
    let key_path = dir.join("key.pem");
    let config = if key_path.exists() {
        let key = PrivateKeyDer::from_pem_file(&key_path)
            .map_err(|e| format!("cannot read {}: {e}", key_path.display()))?;
        builder
            .with_client_auth_cert(read_certs("cert.pem")?, key)
            .map_err(|e| format!("{}: {e}", dir.display()))?
    } else {
        builder.with_no_client_auth()
    };
    let host = match address.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => address.as_str(),
    };
    let server_name = ServerName::try_from(host.trim_matches(['[', ']']).to_string())
        .map_err(|e| format!("{endpoint}: {e}"))?;
    Ok(Dial::Tls {
        address,
        server_name,
        config: Arc::new(config),
    })
}

impl Transport {
    fn request(
        &self,
        mut request: BollardRequest,
    ) -> impl std::future::Future<Output = Result<Response<Incoming>, Error>> + Send + use<> {
        let dial = self.dial.clone();
        let in_flight = self.in_flight.clone();
        // The export of an image is a stream read as it arrives, bounded by the archive reader.
        let cap = if request.uri().path().ends_with("/get") {
            u64::MAX
        } else {
            ANSWER_CAP
        };
        // Origin form with a Host header, as HTTP/1.1 servers (dockerd's among them) require.
        let origin = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        async move {
            *request.uri_mut() =
                origin
                    .parse()
                    .map_err(|e: hyper::http::uri::InvalidUri| Error::IOError {
                        err: std::io::Error::other(e),
                    })?;
            request
                .headers_mut()
                .insert(HOST, HeaderValue::from_static("docker"));
            // Held until the connection ends, that is until the answer has been read whole.
            let permit = in_flight
                .acquire_owned()
                .await
                .map_err(|e| Error::IOError {
                    err: std::io::Error::other(e),
                })?;
            let stream = open(&dial).await.map_err(|err| Error::IOError { err })?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(Capped { stream, left: cap }))
                    .await?;
            tokio::spawn(async move {
                // Errors reach the caller through the answer's body.
                let _ = connection.await;
                drop(permit);
            });
            Ok(sender.send_request(request).await?)
        }
    }
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

async fn open(dial: &Dial) -> std::io::Result<Box<dyn Stream>> {
    Ok(match dial {
        Dial::Unix(path) => Box::new(tokio::net::UnixStream::connect(path).await?),
        Dial::Tcp(address) => Box::new(tokio::net::TcpStream::connect(address).await?),
        Dial::Tls {
            address,
            server_name,
            config,
        } => {
            let tcp = tokio::net::TcpStream::connect(address).await?;
            let connector = tokio_rustls::TlsConnector::from(config.clone());
            Box::new(connector.connect(server_name.clone(), tcp).await?)
        }
        Dial::Ssh { destination, port } => {
            let mut ssh = tokio::process::Command::new("ssh");
            // No prompt can be answered here: a password or an unknown host key fails at once.
            ssh.args(["-o", "BatchMode=yes"]);
            if let Some(port) = port {
                ssh.args(["-p", port]);
            }
            ssh.arg("--")
                .arg(destination)
                .args(["docker", "system", "dial-stdio"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .kill_on_drop(true);
            let mut child = ssh.spawn()?;
            let stdin = child
                .stdin
                .take()
                .ok_or_else(|| std::io::Error::other("no stdin"))?;
            let stdout = child
                .stdout
                .take()
                .ok_or_else(|| std::io::Error::other("no stdout"))?;
            Box::new(SshStream {
                _child: child,
                stdin,
                stdout,
            })
        }
    })
}

/// The connection through an `ssh` process: written to its input, read from its output. The
/// process ends with the connection.
struct SshStream {
    _child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    stdout: tokio::process::ChildStdout,
}

impl AsyncRead for SshStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdout).poll_read(cx, buf)
    }
}

impl AsyncWrite for SshStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stdin).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_shutdown(cx)
    }
}

/// A stream that fails once more than `left` bytes have been read from it.
struct Capped {
    stream: Box<dyn Stream>,
    left: u64,
}

impl AsyncRead for Capped {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let this = &mut *self;
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let read = (buf.filled().len() - before) as u64;
                match this.left.checked_sub(read) {
                    Some(left) => {
                        this.left = left;
                        Poll::Ready(Ok(()))
                    }
                    None => Poll::Ready(Err(std::io::Error::other(AnswerTooLarge))),
                }
            }
            other => other,
        }
    }
}

impl AsyncWrite for Capped {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
